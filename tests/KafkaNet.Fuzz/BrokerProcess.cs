using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KafkaNet.Fuzz;

/// <summary>
/// A kafkanet-server child process on 127.0.0.1 with its own data directory; it can be killed
/// with SIGKILL and started again on the same data.
/// </summary>
internal sealed class BrokerProcess : IDisposable
{
    private readonly string _serverDll;
    private Process? _process;
    private int _starts;

    public BrokerProcess(string serverDll, string workDirectory)
    {
        _serverDll = serverDll;
        WorkDirectory = workDirectory;
        DataDirectory = Path.Combine(workDirectory, "data");
        Port = FreePort();
    }

    public string WorkDirectory { get; }
    public string DataDirectory { get; }
    public int Port { get; }
    public string Bootstrap => $"127.0.0.1:{Port}";
    public int Pid => _process?.Id ?? -1;
    public bool HasExited => _process is null || _process.HasExited;
    public string LogPath => Path.Combine(WorkDirectory, $"server-{_starts}.log");
    public IEnumerable<string> LogPaths => Enumerable.Range(1, _starts).Select(n => Path.Combine(WorkDirectory, $"server-{n}.log"));

    public async Task StartAsync(TimeSpan timeout)
    {
        Directory.CreateDirectory(DataDirectory);
        _starts++;
        string[] overrides =
        [
            $"listeners=PLAINTEXT://127.0.0.1:{Port}",
            $"log.dirs={DataDirectory}",
            "node.id=1",
            "group.initial.rebalance.delay.ms=0",
            "offsets.topic.num.partitions=3",
            "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            // Group waits stay below the harness's hang timeout.
            "group.max.session.timeout.ms=10000",
            // Share groups are off by default; the fuzz serves (and so sends) their APIs too.
            "group.share.enable=true",
        ];
        var info = new ProcessStartInfo("/bin/sh") { WorkingDirectory = WorkDirectory, UseShellExecute = false };
        string args = string.Join(' ', overrides.Select(o => "--override '" + o + "'"));
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"exec dotnet '{_serverDll}' {args} >'{LogPath}' 2>&1");
        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start the broker");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the broker exited with {_process.ExitCode} while starting; see {LogPath}");
            }
            if (await RawConnection.IsServingAsync(Bootstrap).ConfigureAwait(false))
            {
                return;
            }
            await Task.Delay(200).ConfigureAwait(false);
        }
        throw new TimeoutException($"the broker did not serve within {timeout}; see {LogPath}");
    }

    /// <summary>SIGKILL, then waits for the process to be gone.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: false);
            _process.WaitForExit(30_000);
        }
    }

    /// <summary>SIGTERM-free stop at the end of a run: the data is thrown away anyway.</summary>
    public void Dispose()
    {
        Kill();
        _process?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
