using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Confluent.Kafka;
using KafkaNet.Broker.Topics;

namespace KafkaNet.Broker.Tests.Admin;

/// <summary>The server process killed with SIGKILL: every topic it acknowledged must be there on restart.</summary>
public sealed class KillNineTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_acknowledged_topic_survives_kill_9_of_the_server_process()
    {
        using var dir = new TempDirectory();
        int port = FreePort();
        using var server = StartServer(dir.Path, port);
        var acknowledged = new List<string>();
        try
        {
            await WaitUntilListeningAsync(port);
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = $"127.0.0.1:{port}", SocketTimeoutMs = 10000 }).Build();
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < 30 && clock.Elapsed < Budget; i++)
            {
                string name = $"t{i}";
                await admin.CreateTopicAsync(name, partitions: 1 + (i % 3),
                    configs: new Dictionary<string, string> { ["retention.ms"] = (1000 + i).ToString(CultureInfo.InvariantCulture) });
                acknowledged.Add(name);
            }
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await server.WaitForExitAsync(exit.Token);
        }

        var registry = new TopicRegistry(dir.Path);
        Assert.NotEmpty(acknowledged);
        for (int i = 0; i < acknowledged.Count; i++)
        {
            var topic = registry.Find(acknowledged[i]);
            Assert.NotNull(topic);
            Assert.Equal(1 + (i % 3), topic.PartitionCount);
            Assert.Equal((1000 + i).ToString(CultureInfo.InvariantCulture), topic.Configs["retention.ms"]);
        }
    }

    private static Process StartServer(string dataDirectory, int port)
    {
        string exe = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "kafkanet-server.exe" : "kafkanet-server");
        var start = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--override");
        start.ArgumentList.Add($"log.dirs={dataDirectory}");
        start.ArgumentList.Add("--override");
        start.ArgumentList.Add($"listeners=PLAINTEXT://127.0.0.1:{port}");
        var process = Process.Start(start)!;
        // Drained so a full pipe never blocks the server.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilListeningAsync(int port)
    {
        var clock = Stopwatch.StartNew();
        for (int attempt = 0; attempt < 200 && clock.Elapsed < Budget; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        Assert.Fail($"the server did not listen on port {port} within {Budget}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
