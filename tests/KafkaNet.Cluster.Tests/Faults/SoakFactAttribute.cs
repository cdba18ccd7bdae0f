namespace KafkaNet.Cluster.Tests.Faults;

/// <summary>
/// A soak test: runs only with KAFKANET_SOAK=1 (tests/test.sh passes it on), as it loads both cores for minutes.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SoakFactAttribute : FactAttribute
{
    public const string Variable = "KAFKANET_SOAK";

    public SoakFactAttribute(string whySkippedByDefault)
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"{whySkippedByDefault} Run it with {Variable}=1.";
        }
    }
}
