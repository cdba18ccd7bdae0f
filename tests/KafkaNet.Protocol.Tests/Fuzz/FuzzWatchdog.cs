namespace KafkaNet.Protocol.Tests.Fuzz;

/// <summary>
/// Runs a fuzz loop on its own thread and fails the test if it outlives <see cref="FuzzSettings.HangLimit"/>,
/// naming the input it was decoding: a decoder that loops forever shows up as a failure, not a stuck run.
/// </summary>
internal static class FuzzWatchdog
{
    public static void Run(Action loop, Func<string> currentInput)
    {
        var task = Task.Factory.StartNew(loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(FuzzSettings.HangLimit))
        {
            Assert.Fail($"decode did not finish within {FuzzSettings.HangLimit}: {currentInput()}");
        }
        task.GetAwaiter().GetResult();
    }
}
