using System.Diagnostics;

namespace KafkaNet.Compat.ShareConsumer.Harness;

/// <summary>A share consumer in a child process (this executable with --worker), stopped by closing its standard
/// input, or killed; disposing kills it if it still runs.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process, string logFile)
    {
        _process = process;
        LogFile = logFile;
    }

    public string LogFile { get; }

    public bool HasExited => _process.HasExited;

    public static WorkerProcess Start(string bootstrap, string group, string topic, string logFile, int? holdAfter = null)
    {
        string host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardInput = true, UseShellExecute = false };
        // Run through the dotnet host, the entry assembly is the first argument.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(WorkerProcess).Assembly.Location);
        }
        foreach (string arg in new[] { "--worker", bootstrap, group, topic, logFile })
        {
            start.ArgumentList.Add(arg);
        }
        if (holdAfter is int n)
        {
            start.ArgumentList.Add("--hold-after");
            start.ArgumentList.Add(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("worker did not start"), logFile);
    }

    /// <summary>SIGKILL: no close, no leave, no acknowledgement; the kernel closes its connections.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Asks the worker to close its consumer and exit; waits up to <paramref name="timeout"/>.</summary>
    public bool Stop(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return true;
        }
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Exited meanwhile.
        }
        return _process.WaitForExit(timeout);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process.Dispose();
    }
}
