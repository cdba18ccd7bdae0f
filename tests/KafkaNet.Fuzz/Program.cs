using System.Diagnostics;
using System.Globalization;
using KafkaNet.Fuzz;
using KafkaNet.Protocol.Messages;

// Layer 3 of the fuzzing harness: a running broker over sockets, mutated request frames, and
// invariants checked at the end (see docs/fuzzing.md).
FuzzOptions options;
try
{
    options = FuzzOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
string repoRoot = RepoRoot();
string corpusDirectory = options.CorpusDirectory ?? Path.Combine(repoRoot, "tests", "fuzz-corpus");
string workDirectory = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"kafkanet-fuzz-{Environment.ProcessId}");
BrokerProcess? broker = null;
string bootstrap;
if (options.BootstrapServer is { } given)
{
    bootstrap = given;
}
else
{
    string dll = options.ServerDll ?? Path.Combine(repoRoot, "src", "KafkaNet.Server", "bin", "Release", "net10.0", "kafkanet-server.dll");
    if (!File.Exists(dll))
    {
        Console.Error.WriteLine($"no server at {dll}: dotnet build -c Release src/KafkaNet.Server");
        return 2;
    }
    Directory.CreateDirectory(workDirectory);
    broker = new BrokerProcess(dll, workDirectory);
    await broker.StartAsync(TimeSpan.FromSeconds(90));
    bootstrap = broker.Bootstrap;
}

var results = new List<CheckResult>();
var stats = new FuzzStats();
try
{
    var endpoint = RawConnection.ParseEndpoint(bootstrap);
    var corpus = CorpusFrames.Load(corpusDirectory);
    Console.WriteLine($"kafkanet-fuzz seed {options.Seed}, frames {(options.Frames > 0 ? options.Frames : "unbounded")}, duration {options.Duration?.ToString() ?? "unbounded"}, " +
        $"{options.Connections} connections x {options.PipelineDepth} pipelined, broker {bootstrap} (pid {broker?.Pid.ToString() ?? "external"}), " +
        $"corpus {(corpus.Count > 0 ? $"{corpus.Count} frames from {corpus.Directory}" : "absent")}");

    await Seeder.CreateTopicsAsync(bootstrap);
    var acked = Seeder.Seed(bootstrap, options.Seed);
    var all = await TopicCatalog.DescribeAllAsync(bootstrap);
    var seeded = all.Where(t => t.Name is Seeder.Plain or Seeder.Compacted or Seeder.Compressed or Seeder.SmallSegments).ToList();
    var scratch = all.Where(t => Seeder.ScratchNames.Contains(t.Name)).ToList();
    var advertised = await TopicCatalog.AdvertisedApisAsync(bootstrap);
    Console.WriteLine($"seeded {acked.Values.Sum()} records in {acked.Count} partitions; broker advertises {advertised.Count} API keys");

    var factory = new FrameFactory(options.Seed, new TopicCatalog(seeded, scratch), advertised, corpus);
    var run = new FuzzRun(options.Seed, factory, advertised, stats, options.PipelineDepth, options.HangTimeout, () => broker?.HasExited ?? false)
    {
        Diagnostics = broker is null ? null : new HangDiagnostics(bootstrap, broker.Pid, workDirectory),
    };
    long total = options.Frames > 0 ? options.Frames : long.MaxValue;
    long warmup = Math.Min(options.WarmupFrames, total / 10);

    // Warm-up, then the memory baseline with no fuzz connection open.
    await run.RunAsync(endpoint, options.Connections, 0, warmup, DateTime.MaxValue, null);
    await Task.Delay(TimeSpan.FromSeconds(5));
    long baselineRss = broker is null ? -1 : ProcessStats.RssBytes(broker.Pid);
    double cpuBefore = broker is null ? -1 : ProcessStats.CpuSeconds(broker.Pid);

    var watch = Stopwatch.StartNew();
    var deadline = options.Duration is { } d ? DateTime.UtcNow + d : DateTime.MaxValue;
    long lastReport = 0;
    await run.RunAsync(endpoint, options.Connections, warmup, total, deadline, done =>
    {
        if (!options.Quiet && watch.Elapsed.TotalSeconds - lastReport >= 30)
        {
            lastReport = (long)watch.Elapsed.TotalSeconds;
            string rss = broker is null ? "" : $", broker RSS {ProcessStats.RssBytes(broker.Pid) >> 20} MiB";
            Console.WriteLine($"  {watch.Elapsed:hh\\:mm\\:ss} {stats.Sent} frames, {stats.Responses} responses, {stats.BrokerClosed} closed by broker{rss}");
        }
    });
    if (run.Diagnostics is { } diagnostics)
    {
        await diagnostics.Completion;
    }
    double seconds = watch.Elapsed.TotalSeconds;
    long mainFrames = stats.Sent - warmup;
    double cpu = broker is null ? -1 : ProcessStats.CpuSeconds(broker.Pid) - cpuBefore;
    bool brokerAlive = !run.BrokerDied();
    results.Add(new CheckResult("no broker crash, hang or bad response", brokerAlive && stats.FailureCount == 0,
        $"{stats.FailureCount} failure(s)" + (brokerAlive ? "" : ", broker process died")));

    if (brokerAlive)
    {
        if (broker is not null)
        {
            results.Add(await MemoryCheck.RunAsync(broker.Pid, baselineRss, options.RssGrowthBoundMb));
        }
        results.AddRange(await ReadChecks.RunAsync(bootstrap, ""));
        if (broker is not null)
        {
            results.AddRange(await RestartCheck.RunAsync(broker, acked, seeded.Concat(scratch).Select(t => t.Id).ToHashSet()));
        }
    }
    long peakRss = broker is null ? -1 : Math.Max(ProcessStats.PeakRssBytes(broker.Pid), RestartCheck.PeakRssBeforeKill);

    Console.WriteLine();
    Console.WriteLine($"frames sent: {stats.Sent} ({warmup} warm-up) in {seconds:F1} s after warm-up, {mainFrames / Math.Max(seconds, 0.001):F0} frames/s");
    Console.WriteLine($"  by source: structured {stats.SentBySource(FrameSource.Structured)}, produce-batch {stats.SentBySource(FrameSource.ProduceBatch)}, " +
        $"raw-mutation {stats.SentBySource(FrameSource.RawMutation)}, corpus {stats.SentBySource(FrameSource.Corpus)}");
    Console.WriteLine("  by API key (as sent, after mutation): " + string.Join(", ", stats.SentByKey().Select(p => $"{KeyName(p.Key)} {p.Frames}")));
    Console.WriteLine($"responses checked: {stats.Responses}; connections closed by the broker: {stats.BrokerClosed}; long waits given up: {stats.AbandonedLongWaits}");
    if (broker is not null)
    {
        Console.WriteLine($"broker CPU: {cpu:F1} s for {mainFrames} frames ({cpu / Math.Max(mainFrames, 1) * 1e6:F0} CPU-s per million frames); peak RSS {peakRss >> 20} MiB; baseline RSS {baselineRss >> 20} MiB");
    }
    if (broker is not null)
    {
        var logged = BrokerLogScan.FailuresLogged(broker.LogPaths);
        string failures = logged.Count == 0 ? "none" : string.Join("; ", logged.Select(l => $"{l.Count} x {l.Kind}"));
        Console.WriteLine($"failures in the broker's log: {failures}");
        // A handler that throws closes the client's connection instead of answering with an error code.
        results.Add(new CheckResult("no request handler failure in the broker's log", logged.Count == 0, failures));
    }
    foreach (string failure in stats.Failures)
    {
        Console.WriteLine(failure);
    }
}
catch (Exception e)
{
    results.Add(new CheckResult("harness ran to the end", false, e.ToString()));
}
finally
{
    broker?.Dispose();
    if (broker is not null && !options.KeepData && results.All(r => r.Passed))
    {
        try
        {
            Directory.Delete(workDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

foreach (var result in results)
{
    Console.WriteLine($"{(result.Passed ? "PASS" : "FAIL")} {result.Name}: {result.Detail}");
}
if (results.Any(r => !r.Passed))
{
    Console.WriteLine($"seed {options.Seed}; broker data and logs kept in {workDirectory}");
}
int passed = results.Count(r => r.Passed);
Console.WriteLine($"{passed} passed, {results.Count - passed} failed");
return results.Count - passed == 0 ? 0 : 1;

static string KeyName(int key) =>
    key >= 0 && key < 128 && ApiTable.Find((short)key) is { } d ? $"{d.Name}({key})" : key is < 0 or >= 128 ? "out-of-range" : $"unknown({key})";

static string RepoRoot()
{
    foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KafkaNet.sln")))
            {
                return dir.FullName;
            }
        }
    }
    return Directory.GetCurrentDirectory();
}
