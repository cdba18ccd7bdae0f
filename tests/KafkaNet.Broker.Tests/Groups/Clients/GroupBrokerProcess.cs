using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KafkaNet.Broker.Tests.Groups.Clients;

/// <summary>
/// kafkanet-server as a child process with groups that form quickly (no initial rebalance delay, three
/// __consumer_offsets partitions, KIP-848 heartbeats every second), restartable on the same port so
/// clients that were connected find the broker again after it was killed.
/// </summary>
internal sealed class GroupBrokerProcess : IDisposable
{
    private static readonly string[] GroupOverrides =
    [
        "group.initial.rebalance.delay.ms=0",
        "offsets.topic.num.partitions=3",
        "offsets.topic.replication.factor=1",
        "group.consumer.min.heartbeat.interval.ms=500",
        "group.consumer.heartbeat.interval.ms=1000",
        "group.consumer.min.session.timeout.ms=6000",
        "group.consumer.session.timeout.ms=10000",
    ];

    private readonly Process _process;
    private bool _disposed;

    private GroupBrokerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string BootstrapServers => $"127.0.0.1:{Port}";

    /// <summary>Starts the broker on <paramref name="port"/> (a free one when 0) with its data in <paramref name="dataDirectory"/>.</summary>
    public static async Task<GroupBrokerProcess> StartAsync(string dataDirectory, int port = 0)
    {
        if (port == 0)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kafkanet-server.dll"));
        foreach (string property in GroupOverrides.Append($"log.dirs={dataDirectory}").Append($"listeners=PLAINTEXT://127.0.0.1:{port}"))
        {
            info.ArgumentList.Add("--override");
            info.ArgumentList.Add(property);
        }
        var broker = new GroupBrokerProcess(Process.Start(info)!, port);
        // Drained so a full pipe never blocks the broker.
        broker._process.OutputDataReceived += (_, _) => { };
        broker._process.ErrorDataReceived += (_, _) => { };
        broker._process.BeginOutputReadLine();
        broker._process.BeginErrorReadLine();
        if (!await broker.AcceptsConnectionsAsync(TimeSpan.FromSeconds(30)))
        {
            broker.Dispose();
            throw new TimeoutException($"kafkanet-server did not accept connections on port {port}");
        }
        return broker;
    }

    /// <summary>SIGKILL, then waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(exited.Token);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }

    private async Task<bool> AcceptsConnectionsAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        for (int attempt = 0; attempt < 1000 && clock.Elapsed < within && !_process.HasExited; attempt++)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        return false;
    }
}
