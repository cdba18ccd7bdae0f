namespace KafkaNet.Cluster.Tests.Faults;

/// <summary>
/// Tests that run three server processes each: one at a time, as two such clusters at once on a small machine turn
/// every timeout into a coin toss.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessClusterCollection
{
    public const string Name = "Process clusters";
}
