using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Benchmarks.Groups;

/// <summary>
/// The Release server executable as its own process on a free loopback port with a temporary data
/// directory, so its CPU time can be read apart from the client's. Disposing kills it and deletes its data.
/// </summary>
internal sealed class BenchServer : IDisposable
{
    // USER_HZ: the unit of utime and stime in /proc/PID/stat, 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;
    private static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly PosixSignalRegistration[] _signals;
    private readonly Lock _stopLock = new();
    private List<ApiVersionsResponse.ApiVersion> _apiVersions = [];

    private BenchServer(Process process, int port, string dataDirectory)
    {
        _process = process;
        Port = port;
        _dataDirectory = dataDirectory;
        // Ctrl-C or SIGTERM skip the finally blocks that dispose this: the server must not outlive the benchmark.
        _signals = [PosixSignalRegistration.Create(PosixSignal.SIGINT, KillOnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, KillOnSignal)];
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts the server with <c>--override key=value</c> for each of <paramref name="overrides"/> and waits until it listens.</summary>
    public static async Task<BenchServer> StartAsync(IEnumerable<string> overrides)
    {
        int port = FreePort();
        string data = Path.Combine(Path.GetTempPath(), "kafkanet-group-bench-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerDll());
        foreach (string setting in new[] { $"log.dirs={data}", $"listeners=PLAINTEXT://127.0.0.1:{port}" }.Concat(overrides))
        {
            start.ArgumentList.Add("--override");
            start.ArgumentList.Add(setting);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        // Drained so a full pipe never blocks the server.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new BenchServer(process, port, data);
        try
        {
            await server.WaitUntilServingAsync().ConfigureAwait(false);
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    /// <summary>User plus system CPU seconds the server has used so far (utime + stime of /proc/PID/stat).</summary>
    public double CpuSeconds()
    {
        string stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        // The command name in parentheses may hold spaces; fields are counted after its closing parenthesis.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        long stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / TicksPerSecond;
    }

    /// <summary>The server's resident memory in MiB (VmRSS).</summary>
    public long ResidentMiB()
    {
        foreach (string line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) / 1024;
            }
        }
        return -1;
    }

    public void Dispose()
    {
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }
        try
        {
            Stop();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void KillOnSignal(PosixSignalContext context) => Stop();

    /// <summary>Kills the server, waits for it to go, and deletes its data; the benchmark's failure path may race a signal here.</summary>
    private void Stop()
    {
        lock (_stopLock)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
            if (Directory.Exists(_dataDirectory))
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
        }
    }

    /// <summary>True when the broker advertised <paramref name="version"/> of <paramref name="apiKey"/> in ApiVersions.</summary>
    public bool Supports(short apiKey, short version) =>
        _apiVersions.Any(a => a.ApiKey == apiKey && a.MinVersion <= version && version <= a.MaxVersion);

    /// <summary>The server build this program was built with (see the project file).</summary>
    private static string ServerDll()
    {
        string? dll = typeof(BenchServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "KafkaNetServerDll")?.Value;
        return dll is not null && File.Exists(dll) ? dll : throw new FileNotFoundException("the server build is missing; build src/KafkaNet.Server", dll);
    }

    /// <summary>Ready once an ApiVersions request gets its answer, which also says what the broker serves.</summary>
    private async Task WaitUntilServingAsync()
    {
        var clock = Stopwatch.StartNew();
        for (int attempt = 0; attempt < 300 && clock.Elapsed < StartBudget; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with code {_process.ExitCode} before serving");
            }
            try
            {
                using var connection = await BenchConnection.OpenAsync(Port, CancellationToken.None).ConfigureAwait(false);
                var answer = await connection.RequestAsync<ApiVersionsResponse>(ApiVersionsRequest.ApiKey, 3,
                    new ApiVersionsRequest { ClientSoftwareName = "group-bench", ClientSoftwareVersion = "1" }, CancellationToken.None).ConfigureAwait(false);
                _apiVersions = answer.ApiKeys;
                return;
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
        throw new TimeoutException($"the server did not serve on port {Port} within {StartBudget}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
