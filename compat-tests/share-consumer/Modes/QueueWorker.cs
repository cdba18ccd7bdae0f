using System.Globalization;
using KafkaNet.Compat.ShareConsumer.Harness;
using KafkaNet.Compat.ShareConsumer.Native;

namespace KafkaNet.Compat.ShareConsumer.Modes;

/// <summary>
/// <c>--worker BOOTSTRAP GROUP TOPIC LOGFILE [--hold-after N]</c>: one share consumer in a process of its own,
/// accepting every record. Only after the commit confirmed them does it append "A partition offset deliveryCount
/// value receivedAt" lines to LOGFILE (flushed per batch), so a kill cannot leave a line for an unconfirmed record.
/// With --hold-after N, once N records are accepted it polls once more, writes "H ..." lines for what it received
/// and holds those records unacknowledged. It stops when its standard input ends or a line arrives on it.
/// receivedAt is Stopwatch ticks, one monotonic clock for every process of the machine.
/// </summary>
internal static class QueueWorker
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan HoldPollTimeout = TimeSpan.FromSeconds(30);

    public static int Run(string[] args)
    {
        if (args.Length is not (5 or 7) || (args.Length == 7 && args[5] != "--hold-after"))
        {
            Console.Error.WriteLine("usage: ShareConsumerCompat --worker BOOTSTRAP GROUP TOPIC LOGFILE [--hold-after N]");
            return 2;
        }
        (string bootstrap, string group, string topic, string logFile) = (args[1], args[2], args[3], args[4]);
        int? holdAfter = args.Length == 7 ? int.Parse(args[6], CultureInfo.InvariantCulture) : null;
        bool stopRequested = false;
        // The parent asks for a stop by writing a line or closing the pipe; a dead parent closes it too.
        new Thread(() =>
        {
            Console.In.ReadLine();
            Volatile.Write(ref stopRequested, true);
        }) { IsBackground = true }.Start();

        string name = Path.GetFileNameWithoutExtension(logFile);
        using ShareConsumer consumer = ShareConsumerSettings.NewConsumer(bootstrap, name, group, "explicit");
        consumer.Subscribe(topic);
        using var log = new StreamWriter(logFile, append: false);
        int accepted = 0;
        AcknowledgeLoop.Run(consumer, AcknowledgeType.Accept, () => Volatile.Read(ref stopRequested) || accepted >= holdAfter, Lifetime, batch =>
        {
            foreach (ShareRecord record in batch.Confirmed)
            {
                log.WriteLine(Line('A', record, batch.ReceivedAt));
                accepted++;
            }
            log.Flush();
        }, error => Console.Error.WriteLine($"{name}: poll error {error}"));

        if (accepted >= holdAfter && !Volatile.Read(ref stopRequested))
        {
            Hold(consumer, log, () => Volatile.Read(ref stopRequested));
        }
        consumer.Close();
        return 0;
    }

    /// <summary>Polls until a batch arrives, logs it as held, and keeps it unacknowledged until told to stop.</summary>
    private static void Hold(ShareConsumer consumer, StreamWriter log, Func<bool> stop)
    {
        ShareBatch batch = ShareBatch.Empty;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (batch.Records.Count == 0 && clock.Elapsed < HoldPollTimeout && !stop())
        {
            batch = consumer.Poll(TimeSpan.FromMilliseconds(200));
        }
        long receivedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (ShareRecord record in batch.Records.Where(r => r.Error is null))
        {
            log.WriteLine(Line('H', record, receivedAt));
        }
        log.Flush();
        while (!stop() && clock.Elapsed < Lifetime)
        {
            Thread.Sleep(100);
        }
    }

    private static string Line(char kind, ShareRecord record, long receivedAt) =>
        $"{kind} {record.Partition} {record.Offset} {record.DeliveryCount} {record.Value} {receivedAt}";
}
