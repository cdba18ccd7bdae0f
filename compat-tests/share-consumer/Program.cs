using KafkaNet.Compat.ShareConsumer.Harness;
using KafkaNet.Compat.ShareConsumer.Modes;
using KafkaNet.Compat.ShareConsumer.Native;
using KafkaNet.Compat.ShareConsumer.Scenarios;

// Share consumers (librdkafka's C API) against the broker at the given bootstrap address, or with
// --librdkafka-mock against librdkafka's own mock cluster (a check of the scenarios themselves): prints PASS/FAIL
// lines and "N passed, M failed"; exits 1 if a check failed, 2 without an address. SHARE_SCENARIOS (such as
// "a,q") runs only the named scenarios. --worker and --bench are the other modes (Modes/).
LibRdKafkaLoader.Register();
if (args is ["--worker", ..])
{
    return QueueWorker.Run(args);
}
if (args is ["--bench", ..])
{
    return await Bench.RunAsync(args);
}
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: ShareConsumerCompat HOST:PORT|--librdkafka-mock");
    return 2;
}
using MockCluster? mock = args[0] == "--librdkafka-mock" ? MockCluster.Start() : null;
string bootstrap = mock?.Bootstrap ?? args[0];
var checks = new Checks();
Bindings.Run(checks, bootstrap);
// Without the share APIs every scenario would only wait out its timeouts.
bool shareApisServed = await Bindings.BrokerServesShareApisAsync(checks, bootstrap);

using (var cluster = new TestCluster(bootstrap, mock))
{
    Scenario[] scenarios =
    [
        new AcceptAndCommit(cluster, checks),
        new TwoConsumersShareAPartition(cluster, checks),
        new ReleaseRedelivers(cluster, checks),
        new RejectArchives(cluster, checks),
        new ImplicitAcknowledgement(cluster, checks),
        new CloseReleasesHeldRecords(cluster, checks),
        new LockExpiry(cluster, checks),
        new QueueContract(cluster, checks),
        new KeyOrder(cluster, checks),
    ];
    string[]? only = Environment.GetEnvironmentVariable("SHARE_SCENARIOS")?.Split(',');
    foreach (Scenario scenario in scenarios.Where(s => only is null || only.Contains(s.Name)))
    {
        if (!shareApisServed)
        {
            checks.Check($"{scenario.Name}: {scenario.GetType().Name}", false, "not run: the broker does not serve the share APIs");
            continue;
        }
        if (mock is not null && scenario.NeedsGroupConfigs)
        {
            Console.WriteLine($"{scenario.Name}: not run against librdkafka's mock cluster, which has no group configs");
            continue;
        }
        var took = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await scenario.RunAsync();
        }
        catch (Exception e)
        {
            checks.Check($"{scenario.Name}: the scenario runs to its end", false, $"{e.GetType().Name}: {e.Message}");
        }
        Console.WriteLine($"{scenario.Name}: took {took.Elapsed.TotalSeconds:0.0} s");
    }
}
checks.Summary();
return checks.Failed == 0 ? 0 : 1;
