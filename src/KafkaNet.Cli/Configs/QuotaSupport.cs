using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.MetadataQuorum;
using KafkaNet.Cluster.Network;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cli.Configs;

/// <summary>
/// Asks a broker (ApiVersions, which every broker answers before authentication) whether it serves the requests behind
/// client quotas and SCRAM credentials, so a broker without them gets a clear answer rather than a client timeout.
/// </summary>
internal static class QuotaSupport
{
    public const short DescribeClientQuotas = 48;
    public const short AlterClientQuotas = 49;
    public const short DescribeUserScramCredentials = 50;
    public const short AlterUserScramCredentials = 51;

    private static readonly NodeClientOptions ClientOptions = new() { ClientId = "kafkanet-configs", RequestTimeout = TimeSpan.FromSeconds(30) };

    /// <summary>The API keys the first reachable bootstrap server serves.</summary>
    /// <exception cref="CommandFailedException">No bootstrap server answered.</exception>
    public static async Task<IReadOnlySet<short>> ServedApiKeysAsync(string bootstrapServers, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (string server in bootstrapServers.Split(','))
        {
            var endpoint = QuorumEndpoint.Parse(server.Trim());
            await using var client = new NodeClient(new NodeAddress(-1, endpoint.Host, endpoint.Port), ClientOptions);
            try
            {
                var response = await client.SendAsync<ApiVersionsResponse>(new ApiVersionsRequest(), ApiVersionsRequest.ApiKey, 0, cancellationToken).ConfigureAwait(false);
                return response.ApiKeys.Select(k => k.ApiKey).ToHashSet();
            }
            catch (Exception e) when (e is NodeUnreachableException or TimeoutException or KafkaProtocolException)
            {
                failures.Add($"{endpoint}: {e.Message}");
            }
        }

        throw new CommandFailedException("Cannot reach the cluster: " + string.Join("; ", failures));
    }

    /// <summary>Fails with UNSUPPORTED_VERSION, naming what is missing, unless the broker serves <paramref name="apiKey"/>.</summary>
    public static void Require(IReadOnlySet<short> served, short apiKey, string bootstrapServers)
    {
        if (served.Contains(apiKey))
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
            $"UNSUPPORTED_VERSION: The broker at {bootstrapServers} does not support {feature}: it does not serve {request} (API key {apiKey}).");
    }
}
