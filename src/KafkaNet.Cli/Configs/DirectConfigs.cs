using KafkaNet.Cli.Arguments;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cli.Configs;

/// <summary>
/// DescribeConfigs and IncrementalAlterConfigs sent on a <see cref="BootstrapConnection"/>: for the brokers'
/// cluster-wide default (Confluent.Kafka refuses an empty resource name) and broker loggers (it cannot read their answer).
/// </summary>
internal static class DirectConfigs
{
    private const short DescribeConfigsVersion = 4;
    private const short IncrementalAlterConfigsVersion = 1;

    /// <summary>Kafka's BROKER_LOGGER resource type.</summary>
    public const sbyte BrokerLoggerResource = 8;

    public static async Task<IReadOnlyList<ConfigReport>> DescribeAsync(BootstrapConnection connection, sbyte resourceType, string name, string subject, CancellationToken cancellationToken)
    {
        var request = new DescribeConfigsRequest { IncludeSynonyms = true };
        request.Resources.Add(new() { ResourceType = resourceType, ResourceName = name, ConfigurationKeys = null });
        var response = await connection.SendAsync<DescribeConfigsResponse>(request, DescribeConfigsRequest.ApiKey, DescribeConfigsVersion, cancellationToken).ConfigureAwait(false);
        var result = response.Results.Single();
        ThrowOnError(connection, resourceType, result.ErrorCode, result.ErrorMessage, subject);
        return [.. result.Configs.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => new ConfigReport(
            c.Name,
            c.Value,
            ConfigSourceNames.Name(c.ConfigSource),
            c.IsSensitive,
            c.ReadOnly,
            [.. c.Synonyms.Select(s => new ConfigSynonymReport(s.Name, s.Value, ConfigSourceNames.Name(s.Source)))]))];
    }

    /// <summary>SET for each of <paramref name="set"/>, DELETE for each of <paramref name="delete"/>, in one request.</summary>
    public static async Task AlterAsync(BootstrapConnection connection, sbyte resourceType, string name,
        IReadOnlyList<KeyValuePair<string, string>> set, IReadOnlyList<string> delete, string subject, CancellationToken cancellationToken)
    {
        const sbyte Set = 0;
        const sbyte Delete = 1;
        var resource = new IncrementalAlterConfigsRequest.AlterConfigsResource { ResourceType = resourceType, ResourceName = name };
        resource.Configs.AddRange(set.Select(c => new IncrementalAlterConfigsRequest.AlterableConfig { Name = c.Key, Value = c.Value, ConfigOperation = Set }));
        resource.Configs.AddRange(delete.Select(n => new IncrementalAlterConfigsRequest.AlterableConfig { Name = n, Value = null, ConfigOperation = Delete }));
        var request = new IncrementalAlterConfigsRequest();
        request.Resources.Add(resource);
        var response = await connection.SendAsync<IncrementalAlterConfigsResponse>(request, IncrementalAlterConfigsRequest.ApiKey, IncrementalAlterConfigsVersion, cancellationToken)
            .ConfigureAwait(false);
        var result = response.Responses.Single();
        ThrowOnError(connection, resourceType, result.ErrorCode, result.ErrorMessage, subject);
    }

    private static void ThrowOnError(BootstrapConnection connection, sbyte resourceType, short code, string? message, string subject)
    {
        if (code == (short)ErrorCode.None)
        {
            return;
        }

        string answer = $"{ErrorCodes.Name((ErrorCode)code)}: {message}";

        // A broker without broker loggers refuses their resource type as a whole (Kafka's brokers all serve it).
        if (resourceType == BrokerLoggerResource && code == (short)ErrorCode.InvalidRequest && message?.StartsWith("Unsupported resource type", StringComparison.Ordinal) == true)
        {
            throw new CommandFailedException(
                $"Broker loggers are not available on the broker at {connection.Broker} ({subject}): it answers BROKER_LOGGER config resources with {answer}");
        }

        throw new CommandFailedException($"{answer} ({subject})");
    }
}
