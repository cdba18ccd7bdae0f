using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KafkaNet.Broker.Tests.Records;

/// <summary>
/// The real server executable (kafkanet-server.dll run with dotnet) on a loopback port, for tests
/// that kill the process. Its output is drained so a full pipe never blocks it.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(30);
    private readonly Process _process;

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string BootstrapServers => $"127.0.0.1:{Port}";

    /// <summary>
    /// Starts the server with its data in <paramref name="dataDirectory"/> on <paramref name="port"/> (a free one
    /// when 0; a restart passes the old one so connected clients find it again) with extra
    /// <c>--override</c> properties, and waits until it listens.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, int port = 0, IEnumerable<string>? overrides = null)
    {
        port = port == 0 ? FreePort() : port;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerDll());
        start.ArgumentList.Add("--override");
        start.ArgumentList.Add($"log.dirs={dataDirectory}");
        start.ArgumentList.Add("--override");
        start.ArgumentList.Add($"listeners=PLAINTEXT://127.0.0.1:{port}");
        foreach (string property in overrides ?? [])
        {
            start.ArgumentList.Add("--override");
            start.ArgumentList.Add(property);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, port);
        try
        {
            await server.WaitUntilListeningAsync();
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    /// <summary>SIGKILL: no shutdown hook, no flush, no clean-shutdown marker. Safe to call from any thread.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>Kills the process and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        Kill();
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(exit.Token);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }

    /// <summary>src/KafkaNet.Server's build output for this configuration, found from the test assembly up to the repo root.</summary>
    private static string ServerDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = output.Name;
        string configuration = output.Parent!.Name;
        for (var dir = output; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KafkaNet.sln")))
            {
                string dll = Path.Combine(dir.FullName, "src", "KafkaNet.Server", "bin", configuration, framework, "kafkanet-server.dll");
                return File.Exists(dll) ? dll : Path.Combine(AppContext.BaseDirectory, "kafkanet-server.dll");
            }
        }
        return Path.Combine(AppContext.BaseDirectory, "kafkanet-server.dll");
    }

    private async Task WaitUntilListeningAsync()
    {
        var clock = Stopwatch.StartNew();
        for (int attempt = 0; attempt < 300 && clock.Elapsed < StartBudget; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with code {_process.ExitCode} before listening");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"the server did not listen on port {Port} within {StartBudget}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
