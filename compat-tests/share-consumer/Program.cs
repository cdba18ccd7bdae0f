using KafkaNet.Compat.ShareConsumer.Harness;
using KafkaNet.Compat.ShareConsumer.Native;
using KafkaNet.Compat.ShareConsumer.Scenarios;

// Share consumers (librdkafka's C API) against the broker at the given bootstrap address: prints PASS/FAIL lines
// and "N passed, M failed"; exits 1 if a check failed, 2 without an address.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: ShareConsumerCompat HOST:PORT");
    return 2;
}
string bootstrap = args[0];
LibRdKafkaLoader.Register();
var checks = new Checks();
Bindings.Run(checks, bootstrap);
// Without the share APIs every scenario would only wait out its timeouts.
bool shareApisServed = await Bindings.BrokerServesShareApisAsync(checks, bootstrap);

using (var cluster = new TestCluster(bootstrap))
{
    Scenario[] scenarios =
    [
        new AcceptAndCommit(cluster, checks),
        new TwoConsumersShareAPartition(cluster, checks),
        new ReleaseRedelivers(cluster, checks),
        new RejectArchives(cluster, checks),
        new ImplicitAcknowledgement(cluster, checks),
        new CloseReleasesHeldRecords(cluster, checks),
    ];
    foreach (Scenario scenario in scenarios)
    {
        if (!shareApisServed)
        {
            checks.Check($"{scenario.Name}: {scenario.GetType().Name}", false, "not run: the broker does not serve the share APIs");
            continue;
        }
        try
        {
            await scenario.RunAsync();
        }
        catch (Exception e)
        {
            checks.Check($"{scenario.Name}: the scenario runs to its end", false, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
checks.Summary();
return checks.Failed == 0 ? 0 : 1;
