from crawler.record.times import budapest_time, normalise_times


def test_every_time_is_budapest_wall_clock_with_the_offset_of_that_instant():
    assert budapest_time("2015-01-07T13:28:00+00:00") == "2015-01-07T14:28:00+01:00"
    assert budapest_time("2024-07-01T08:00:00Z") == "2024-07-01T10:00:00+02:00"
    assert budapest_time("2024-03-31T00:30:00+00:00") == "2024-03-31T01:30:00+01:00"
    assert budapest_time("2024-03-31T01:30:00+00:00") == "2024-03-31T03:30:00+02:00"  # DST
    assert budapest_time("2024-05-06T10:00:00+02:00") == "2024-05-06T10:00:00+02:00"
    assert budapest_time("2024-05-06T10:00:00") == "2024-05-06T10:00:00+02:00"  # naive
    assert budapest_time(None) is None and budapest_time("tegnap") is None


def test_the_record_fields_and_each_post_are_normalised():
    fields = {
        "published": "2024-01-02T09:00:00Z",
        "modified": None,
        "posts": [{"published": "2024-01-02T09:30:00+00:00", "text": "x"}],
        "title": "T",
    }
    out = normalise_times(fields)
    assert out["published"] == "2024-01-02T10:00:00+01:00" and out["modified"] is None
    assert out["posts"] == [{"published": "2024-01-02T10:30:00+01:00", "text": "x"}]
    assert out["title"] == "T" and fields["published"] == "2024-01-02T09:00:00Z"
