using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Configs;

/// <summary>
/// Whether a broker serves the requests behind client quotas and SCRAM credentials (from its ApiVersions answer), so a
/// broker without them gets a clear answer rather than a client timeout.
/// </summary>
internal static class QuotaSupport
{
    public const short DescribeClientQuotas = 48;
    public const short AlterClientQuotas = 49;
    public const short DescribeUserScramCredentials = 50;
    public const short AlterUserScramCredentials = 51;

    /// <summary>Fails with UNSUPPORTED_VERSION, naming what is missing, unless the broker serves <paramref name="apiKey"/>.</summary>
    public static void Require(BootstrapConnection connection, short apiKey)
    {
        if (connection.ApiKeys.Contains(apiKey))
        {
            return;
        }

        (string feature, string request) = apiKey switch
        {
            DescribeClientQuotas => ("client quotas", "DescribeClientQuotas"),
            AlterClientQuotas => ("client quotas", "AlterClientQuotas"),
            DescribeUserScramCredentials => ("SCRAM credentials", "DescribeUserScramCredentials"),
            _ => ("SCRAM credentials", "AlterUserScramCredentials"),
        };
        throw new CommandFailedException(
            $"UNSUPPORTED_VERSION: The broker at {connection.Broker} does not support {feature}: it does not serve {request} (API key {apiKey}).");
    }
}
