using System.Diagnostics;

namespace KafkaNet.Storage.Tests;

/// <summary>Runs KafkaNet.Storage.CrashHost as a child process and kills it with SIGKILL.</summary>
internal static class CrashHostProcess
{
    /// <summary>Starts the host with <paramref name="args"/>, lets it run <paramref name="runMs"/> after its first line, kills it and returns its output.</summary>
    public static async Task<List<string>> RunAndKill(IEnumerable<string> args, int runMs)
    {
        string host = Path.Combine(AppContext.BaseDirectory, "KafkaNet.Storage.CrashHost.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(host);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var lines = new List<string>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(e.Data);
            }

            started.TrySetResult();
        };
        process.Start();
        process.BeginOutputReadLine();
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromSeconds(20));
            await Task.Delay(runMs);
        }
        finally
        {
            process.Kill(entireProcessTree: true); // SIGKILL on Unix
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }

        process.WaitForExit(); // drains the redirected output
        lock (lines)
        {
            return [.. lines];
        }
    }
}
