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

    public static async Task<IReadOnlyList<ConfigReport>> DescribeAsync(BootstrapConnection connection, sbyte resourceType, string name, string subject, CancellationToken cancellationToken)
    {
        var request = new DescribeConfigsRequest { IncludeSynonyms = true };
        request.Resources.Add(new() { ResourceType = resourceType, ResourceName = name, ConfigurationKeys = null });
        var response = await connection.SendAsync<DescribeConfigsResponse>(request, DescribeConfigsRequest.ApiKey, DescribeConfigsVersion, cancellationToken).ConfigureAwait(false);
        var result = response.Results.Single();
        ThrowOnError(result.ErrorCode, result.ErrorMessage, subject);
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
        ThrowOnError(result.ErrorCode, result.ErrorMessage, subject);
    }

    private static void ThrowOnError(short code, string? message, string subject)
    {
        if (code != (short)ErrorCode.None)
        {
            throw new CommandFailedException($"{ErrorCodes.Name((ErrorCode)code)}: {message} ({subject})");
        }
    }
}
