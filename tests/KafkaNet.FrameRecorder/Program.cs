using System.Net.Sockets;
using System.Runtime.InteropServices;
using KafkaNet.FrameRecorder;

// Relays Kafka clients to a broker and records their request frames for the fuzz seed corpus.
RecorderOptions options;
try
{
    options = RecorderOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var store = new FrameStore(options);
using var stop = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

using var listener = new Socket(options.Listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
listener.Bind(options.Listen);
listener.Listen(64);
Console.WriteLine($"recording {options.Client} on {options.Listen} -> {options.Target} into {options.OutputDirectory}");

var connections = new List<Task>();
try
{
    while (!stop.IsCancellationRequested)
    {
        var client = await listener.AcceptAsync(stop.Token).ConfigureAwait(false);
        client.NoDelay = true;
        connections.Add(ProxyConnection.RunAsync(client, options.Target, store, stop.Token));
        connections.RemoveAll(t => t.IsCompleted);
    }
}
catch (OperationCanceledException)
{
    // Stopped by a signal.
}
await Task.WhenAll(connections).ConfigureAwait(false);
Console.WriteLine($"recorded {store.Written} frames for {options.Client}");
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
