import subprocess
import sys

from crawler.text.language import detect, sample

HU = (
    "A külügyminiszter csütörtökön Brüsszelben tárgyalt az uniós partnerekkel a keleti "
    "határ helyzetéről, és azt mondta, hogy a kormány minden lehetőséget megvizsgál."
)
EN = (
    "The foreign minister met European partners in Brussels on Thursday to discuss the "
    "situation on the eastern border, and said the government would consider every option."
)


def test_hungarian_and_english():
    hu, en = detect(HU), detect(EN)
    assert hu.language == "hu" and hu.probability > 0.9
    assert en.language == "en"


def test_no_features_is_null_not_a_crash():
    for text in ["", "   ", "2024 12 31", "!!! ---"]:
        assert detect(text).language is None
        assert detect(text).probability is None


def test_short_body_uses_title_and_lead():
    assert sample("Cím", "Bevezető", "rövid", 2000) == "Cím Bevezető rövid"
    long = "szó " * 1000
    assert sample("Cím", None, long, 100) == long[:99].rstrip()


def test_deterministic_across_processes():
    borderline = "Orbán Viktor Brüsszel NATO EU Putyin Zelenszkij Biden"
    code = "import sys; from crawler.text.language import detect; print(detect(sys.argv[1]))"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code, borderline], capture_output=True, text=True, check=True
        ).stdout
        for _ in range(3)
    }
    assert len(outputs) == 1
