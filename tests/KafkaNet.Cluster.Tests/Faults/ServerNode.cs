using System.Diagnostics;

namespace KafkaNet.Cluster.Tests.Faults;

/// <summary>One kafkanet-server process with fixed ports and data directory, restartable after any fault.</summary>
internal sealed class ServerNode : IDisposable
{
    private readonly IReadOnlyList<string> _overrides;
    private readonly string _logPath;
    private Process? _process;
    private int _registrations;
    private int _listening;

    public ServerNode(int nodeId, int clientPort, string dataDirectory, string logPath, IReadOnlyList<string> overrides)
    {
        NodeId = nodeId;
        ClientPort = clientPort;
        DataDirectory = dataDirectory;
        _logPath = logPath;
        _overrides = overrides;
    }

    public int NodeId { get; }

    public int ClientPort { get; }

    public string DataDirectory { get; }

    public string Bootstrap => $"127.0.0.1:{ClientPort}";

    public bool Running => _process is { HasExited: false };

    public bool Paused { get; private set; }

    /// <summary>How many times the broker logged a successful registration with the controller, over all its runs.</summary>
    public int Registrations => Volatile.Read(ref _registrations);

    /// <summary>How many times the broker logged that it listens for clients, over all its runs.</summary>
    public int Listening => Volatile.Read(ref _listening);

    public void Start()
    {
        if (Running)
            throw new InvalidOperationException($"node {NodeId} is already running");
        _process?.Dispose();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kafkanet-server.dll"));
        foreach (string property in _overrides)
        {
            start.ArgumentList.Add("--override");
            start.ArgumentList.Add(property);
        }
        var process = Process.Start(start)!;
        var log = TextWriter.Synchronized(new StreamWriter(_logPath, append: true) { AutoFlush = true });
        log.WriteLine($"==== start pid {process.Id} at {DateTime.UtcNow:HH:mm:ss.fff}");
        // Drained so a full pipe never blocks the server; kept on disk for diagnosis.
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Exited += (_, _) => log.Dispose();
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Paused = false;
    }

    /// <summary>SIGKILL: no controlled shutdown, nothing flushed beyond what the OS already has.</summary>
    public void Kill()
    {
        if (_process is null || _process.HasExited)
            return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        Paused = false;
    }

    /// <summary>SIGTERM and wait for the controlled shutdown to finish.</summary>
    public bool Terminate(TimeSpan timeout)
    {
        if (!Running)
            return true;
        Signal("TERM");
        bool exited = _process!.WaitForExit(timeout);
        if (!exited)
            Kill();
        return exited;
    }

    public void Pause()
    {
        Signal("STOP");
        Paused = true;
    }

    public void Resume()
    {
        Signal("CONT");
        Paused = false;
    }

    public void Dispose()
    {
        if (Paused)
            Resume();
        Kill();
        _process?.Dispose();
    }

    private void Signal(string name)
    {
        if (!Running)
            return;
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + name, _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit(5_000);
    }

    private void Write(TextWriter log, string? line)
    {
        if (line is null)
            return;
        if (line.Contains("registered with epoch", StringComparison.Ordinal))
            Interlocked.Increment(ref _registrations);
        if (line.Contains("KafkaNet broker node.id=", StringComparison.Ordinal))
            Interlocked.Increment(ref _listening);
        try
        {
            log.WriteLine(line);
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
