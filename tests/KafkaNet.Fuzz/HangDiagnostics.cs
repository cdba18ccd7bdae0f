using System.Diagnostics;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Fuzz;

/// <summary>
/// What the broker is doing when the first hang is seen, printed once so a failed run says more than "no answer":
/// whether a fresh connection is still served (ApiVersions, Metadata, and a CreateTopics that goes through the
/// controller), whether the process burns CPU, and its pending async chains when dotnet-dump is installed.
/// </summary>
internal sealed class HangDiagnostics(string bootstrap, int pid, string workDirectory)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);
    private int _started;

    /// <summary>The report, once started; completed when it has been printed.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Starts the report on the first call; later calls do nothing. Never throws.</summary>
    public void OnHang()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            Completion = Task.Run(ReportAsync);
        }
    }

    private async Task ReportAsync()
    {
        var lines = new List<string> { "DIAG first hang: what the broker does now" };
        lines.Add(await ProbeAsync("ApiVersions and Metadata on a fresh connection", async connection =>
        {
            await connection.SendAsync<ApiVersionsResponse>(ApiVersionsRequest.ApiKey, 3, new ApiVersionsRequest { ClientSoftwareName = "fuzz-diag", ClientSoftwareVersion = "1" }).ConfigureAwait(false);
            await connection.SendAsync<MetadataResponse>(MetadataRequest.ApiKey, 12, new MetadataRequest { Topics = [] }).ConfigureAwait(false);
        }).ConfigureAwait(false));
        lines.Add(await ProbeAsync("CreateTopics through the controller", async connection =>
        {
            var request = new CreateTopicsRequest { TimeoutMs = 5000 };
            request.Topics.Add(new CreateTopicsRequest.CreatableTopic { Name = $"fz-diag-{Environment.TickCount64}", NumPartitions = 1, ReplicationFactor = 1 });
            await connection.SendAsync<CreateTopicsResponse>(CreateTopicsRequest.ApiKey, 7, request).ConfigureAwait(false);
        }).ConfigureAwait(false));
        if (pid > 0)
        {
            double before = ProcessStats.CpuSeconds(pid);
            await Task.Delay(2000).ConfigureAwait(false);
            lines.Add($"DIAG broker CPU over 2 s: {ProcessStats.CpuSeconds(pid) - before:F2} s");
            lines.AddRange(await StacksAsync().ConfigureAwait(false));
        }
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }

    private async Task<string> ProbeAsync(string what, Func<RawConnection, Task> probe)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var connection = await RawConnection.ConnectAsync(bootstrap).ConfigureAwait(false);
            await probe(connection).WaitAsync(ProbeTimeout).ConfigureAwait(false);
            return $"DIAG {what}: answered in {watch.ElapsedMilliseconds} ms";
        }
#pragma warning disable CA1031 // A diagnostic reports what went wrong and goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"DIAG {what}: no answer after {watch.ElapsedMilliseconds} ms ({e.GetType().Name}: {e.Message})";
        }
    }

    /// <summary>
    /// The broker's pending async chains (what every request waits on), from a heap dump that dotnet-dump (when
    /// installed) takes and reads with dumpasync; the dump is deleted afterwards.
    /// </summary>
    private async Task<IEnumerable<string>> StacksAsync()
    {
        string? tool = new[] { Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-dump") }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, "dotnet-dump")))
            .FirstOrDefault(File.Exists);
        if (tool is null)
        {
            return ["DIAG async stacks: dotnet-dump is not installed"];
        }
        string dump = Path.Combine(workDirectory, "broker.dmp");
        try
        {
            string pidText = pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await RunAsync(tool, ["collect", "-p", pidText, "-o", dump, "--type", "Heap"]).ConfigureAwait(false);
            string chains = await RunAsync(tool, ["analyze", dump, "-c", "dumpasync --coalesce", "-c", "exit"]).ConfigureAwait(false);
            string path = Path.Combine(workDirectory, "broker-async-stacks.txt");
            await File.WriteAllTextAsync(path, chains).ConfigureAwait(false);
            return chains.Split('\n').Take(300).Select(l => "DIAG   " + l.TrimEnd()).Prepend($"DIAG async stacks (whole in {path}):");
        }
#pragma warning disable CA1031 // A diagnostic reports what went wrong and goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return [$"DIAG async stacks: dotnet-dump failed ({e.GetType().Name}: {e.Message})"];
        }
        finally
        {
            File.Delete(dump);
        }
    }

    private static async Task<string> RunAsync(string tool, string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        await errors.ConfigureAwait(false);
        return await output.ConfigureAwait(false);
    }
}
