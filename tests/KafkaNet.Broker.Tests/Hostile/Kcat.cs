using System.Diagnostics;

namespace KafkaNet.Broker.Tests.Hostile;

/// <summary>Runs kcat (Debian package kcat, installed by CI) with a time limit.</summary>
internal static class Kcat
{
    public static async Task<(int ExitCode, string Output)> RunAsync(TimeSpan limit, params string[] arguments)
    {
        var start = new ProcessStartInfo("kcat") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("kcat is not installed (apt-get install kcat)", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(limit);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"timed out after {limit.TotalSeconds} s; stdout: {await stdout} stderr: {await stderr}");
            }
            string output = await stdout;
            return (process.ExitCode, process.ExitCode == 0 ? output : output + await stderr);
        }
    }
}
