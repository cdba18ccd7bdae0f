namespace KafkaNet.Compat.ShareConsumer.Harness;

/// <summary>Runs one body per consumer, each on a thread of its own (a librdkafka handle stays on one thread), and
/// waits for all of them; each body bounds its own time.</summary>
internal static class ConsumerThreads
{
    public static void Run(int count, Action<int> body)
    {
        Exception? failure = null;
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            try
            {
                body(i);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (failure is not null)
        {
            throw new InvalidOperationException("a consumer thread failed: " + failure.Message, failure);
        }
    }
}
