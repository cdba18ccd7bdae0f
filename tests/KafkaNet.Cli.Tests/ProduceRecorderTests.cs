using System.Diagnostics;
using KafkaNet.Cli.Perf;

namespace KafkaNet.Cli.Tests;

public class ProduceRecorderTests
{
    private static readonly long Second = Stopwatch.Frequency;

    [Fact]
    public void A_window_closes_once_its_interval_has_passed()
    {
        var recorder = new ProduceRecorder(start: 0, TimeSpan.FromSeconds(5));

        Assert.Null(recorder.Record(1000, 100, 1 * Second));
        Assert.Null(recorder.Record(3000, 100, 2 * Second));
        var window = recorder.Record(2000, 100, 5 * Second);

        Assert.NotNull(window);
        Assert.Equal(3, window.Records);
        Assert.Equal(300, window.Bytes);
        Assert.Equal(5, window.ElapsedSeconds);
        Assert.Equal(2.0, window.Latency.AvgMs);
        Assert.Equal(3.0, window.Latency.MaxMs);
        Assert.Null(recorder.Record(7000, 100, 6 * Second));
    }

    [Fact]
    public async Task Reports_recorded_from_two_threads_at_once_are_all_counted()
    {
        // Flush serves delivery reports on its caller's thread while the polling thread serves others.
        const int PerThread = 1_000_000;
        var recorder = new ProduceRecorder(start: 0, TimeSpan.FromHours(1));
        using var together = new Barrier(2);
        var threads = Enumerable.Range(0, 2).Select(_ => Task.Factory.StartNew(() =>
        {
            together.SignalAndWait(TimeSpan.FromSeconds(30));
            for (int i = 0; i < PerThread; i++)
            {
                recorder.Record(10, 1, 1);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        await Task.WhenAll(threads).WaitAsync(TimeSpan.FromSeconds(60));

        var total = recorder.Total(Second);
        Assert.Equal(2 * PerThread, total.Records);
        Assert.Equal(2 * PerThread, total.Bytes);
        Assert.Equal(2 * PerThread, recorder.Completed);
    }

    [Fact]
    public void The_total_spans_every_window_and_counts_failures_apart()
    {
        var recorder = new ProduceRecorder(start: 0, TimeSpan.FromSeconds(1));
        for (var i = 1; i <= 100; i++)
        {
            recorder.Record(i, 10, i * Second / 10);
        }

        recorder.RecordError();
        var total = recorder.Total(10 * Second);

        Assert.Equal(101, recorder.Completed);
        Assert.Equal(100, total.Records);
        Assert.Equal(1000, total.Bytes);
        Assert.Equal(1, total.Errors);
        Assert.Equal(10, total.RecordsPerSecond);
        Assert.Equal(0.099, total.Latency.P99Ms);
    }

    [Fact]
    public void Throttle_waits_until_the_schedule_allows_the_next_record()
    {
        var throttle = new Throttle(recordsPerSecond: 100);

        Assert.Equal(TimeSpan.Zero, throttle.Delay(0, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromMilliseconds(400), throttle.Delay(50, TimeSpan.FromMilliseconds(100)));
        Assert.Equal(TimeSpan.Zero, throttle.Delay(50, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Unlimited_throttle_never_waits()
    {
        Assert.Equal(TimeSpan.Zero, new Throttle(-1).Delay(1_000_000, TimeSpan.Zero));
    }

    [Fact]
    public void Payload_is_the_requested_size_of_printable_letters()
    {
        var payload = Payload.Create(4096);

        Assert.Equal(4096, payload.Length);
        Assert.All(payload, b => Assert.InRange(b, (byte)'A', (byte)'Z'));
        Assert.Equal(payload, Payload.Create(4096));
    }
}
