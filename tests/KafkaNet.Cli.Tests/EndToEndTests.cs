using System.Diagnostics;
using Confluent.Kafka;
using KafkaNet.Cli.Perf;

namespace KafkaNet.Cli.Tests;

public class EndToEndTests
{
    private static readonly long Second = Stopwatch.Frequency;
    private static readonly long Start = 1000 * Second;

    private static long Micros(double micros) => (long)(micros * Second / 1_000_000);

    [Fact]
    public void A_stamp_survives_the_payload_round_trip()
    {
        var payload = new byte[1024];
        var stamp = new Stamp(123_456_789, long.MaxValue - 7);

        StampedPayload.Write(payload, stamp);

        Assert.Equal(stamp, StampedPayload.Read(payload));
        Assert.Equal(stamp, StampedPayload.Deserializer.Deserialize(payload, isNull: false, SerializationContext.Empty));
    }

    [Fact]
    public void The_stamp_is_sequence_then_send_time_little_endian()
    {
        var payload = new byte[StampedPayload.StampSize];

        StampedPayload.Write(payload, new Stamp(0x0102, 0x0A0B));

        Assert.Equal(new byte[] { 2, 1, 0, 0, 0, 0, 0, 0, 0x0B, 0x0A, 0, 0, 0, 0, 0, 0 }, payload);
    }

    [Fact]
    public void A_value_too_short_or_null_carries_no_stamp()
    {
        Assert.True(StampedPayload.Read(new byte[StampedPayload.StampSize - 1]).IsNone);
        Assert.True(StampedPayload.Deserializer.Deserialize([], isNull: true, SerializationContext.Empty).IsNone);
    }

    [Fact]
    public void Latency_is_measured_from_the_stamp_with_microsecond_precision()
    {
        var recorder = new EndToEndRecorder(Start, warmupRecords: 0, TimeSpan.Zero, recordSize: 100);
        for (var i = 0; i < 1000; i++)
        {
            var sent = Start + (i * Second / 1000);
            var latency = i < 990 ? Micros(250) : Micros(1800);
            recorder.Record(new Stamp(i, sent), sent + latency);
        }

        var result = recorder.Total(sent: 1000, errors: 0, requests: null);

        Assert.Equal(1000, result.Records);
        Assert.Equal(0.25, result.Latency.P50Ms, 3);
        Assert.Equal(0.25, result.Latency.P99Ms, 3);
        Assert.InRange(result.Latency.P999Ms, 1.79, 1.81);
        Assert.InRange(result.Latency.MaxMs, 1.79, 1.81);
        Assert.Equal(100_000, result.Bytes);
        Assert.Equal(0, result.Lost);
    }

    [Fact]
    public void Warmup_by_count_leaves_out_the_first_sequences()
    {
        var recorder = new EndToEndRecorder(Start, warmupRecords: 10, TimeSpan.FromSeconds(1), recordSize: 1);
        for (var i = 0; i < 30; i++)
        {
            // The warm-up records are slow; none of that slowness may reach the figures.
            var latency = i < 10 ? 50 * Micros(1000) : Micros(400);
            recorder.Record(new Stamp(i, Start + i), Start + i + latency);
        }

        var result = recorder.Total(sent: 30, errors: 0, requests: null);

        Assert.Equal(20, result.Records);
        Assert.Equal(10, result.WarmupRecords);
        Assert.Equal(0.4, result.Latency.MaxMs, 3);
    }

    [Fact]
    public void Warmup_by_default_leaves_out_what_was_sent_in_the_first_second()
    {
        var recorder = new EndToEndRecorder(Start, warmupRecords: null, TimeSpan.FromSeconds(1), recordSize: 1);

        recorder.Record(new Stamp(0, Start), Start + Micros(9000));
        recorder.Record(new Stamp(1, Start + (Second / 2)), Start + (Second / 2) + Micros(9000));
        recorder.Record(new Stamp(2, Start + Second), Start + Second + Micros(300));
        recorder.Record(new Stamp(3, Start + (2 * Second)), Start + (2 * Second) + Micros(300));

        var result = recorder.Total(sent: 4, errors: 0, requests: null);

        Assert.Equal(2, result.Records);
        Assert.Equal(2, result.WarmupRecords);
        Assert.Equal(0.3, result.Latency.P50Ms, 3);
    }

    [Fact]
    public void The_rate_spans_the_first_measured_send_to_the_last_receive()
    {
        var recorder = new EndToEndRecorder(Start, warmupRecords: 0, TimeSpan.Zero, recordSize: 1024);
        for (var i = 0; i <= 2000; i++)
        {
            var sent = Start + (i * Second / 1000);
            recorder.Record(new Stamp(i, sent), sent + Micros(500));
        }

        var result = recorder.Total(sent: 2001, errors: 0, requests: new RequestCounts(40, 40, 0, 0));

        Assert.InRange(result.ElapsedSeconds, 2.0004, 2.0006);
        Assert.InRange(result.RecordsPerSecond, 999.5, 1000.5);
        Assert.Equal(40, result.Requests?.Requests);
    }

    [Fact]
    public void Records_that_never_arrive_are_lost_and_foreign_records_are_ignored()
    {
        var recorder = new EndToEndRecorder(Start, warmupRecords: 0, TimeSpan.Zero, recordSize: 1);

        recorder.Record(new Stamp(0, Start + 1), Start + 2);
        recorder.Record(Stamp.None, Start + 3);
        recorder.Record(new Stamp(5, Start - Second), Start + 4);

        var result = recorder.Total(sent: 3, errors: 0, requests: null);

        Assert.Equal(1, recorder.Received);
        Assert.Equal(1, result.Records);
        Assert.Equal(2, result.Lost);
    }

    [Fact]
    public void A_run_with_no_measured_record_reports_zero_rates()
    {
        var recorder = new EndToEndRecorder(Start, warmupRecords: null, TimeSpan.FromSeconds(1), recordSize: 1);
        recorder.Record(new Stamp(0, Start), Start + Micros(100));

        var result = recorder.Total(sent: 1, errors: 0, requests: null);

        Assert.Equal(0, result.Records);
        Assert.Equal(0, result.RecordsPerSecond);
        Assert.Equal(0, result.Latency.P99Ms);
    }
}
