using KafkaNet.Protocol.Messages;
using KafkaNet.WebConsole.Dispatch;

namespace KafkaNet.WebConsole.Kafka;

/// <summary>The configs of a broker or a topic, as DescribeConfigs tells them.</summary>
internal static class ConfigQueries
{
    public const sbyte TopicResource = 2;
    public const sbyte BrokerResource = 4;
    private const short DescribeConfigsVersion = 4;

    public static async Task<List<DescribeConfigsResponse.DescribeConfigsResourceResult>> DescribeConfigsAsync(
        this BrokerRequests kafka, sbyte resourceType, string resourceName, CancellationToken cancellationToken)
    {
        var request = new DescribeConfigsRequest();
        request.Resources.Add(new DescribeConfigsRequest.DescribeConfigsResource { ResourceType = resourceType, ResourceName = resourceName, ConfigurationKeys = null });
        var response = await kafka.SendAsync<DescribeConfigsResponse>(DescribeConfigsRequest.ApiKey, DescribeConfigsVersion, request, cancellationToken)
            .ConfigureAwait(false);
        var result = response.Results.Single();
        ConsoleApiException.ThrowIfError(result.ErrorCode, result.ErrorMessage, resourceName);
        return result.Configs;
    }

    /// <summary>Kafka's name of a config source, as kafka-configs prints it.</summary>
    public static string SourceName(sbyte source) => source switch
    {
        1 => "DYNAMIC_TOPIC_CONFIG",
        2 => "DYNAMIC_BROKER_CONFIG",
        3 => "DYNAMIC_DEFAULT_BROKER_CONFIG",
        4 => "STATIC_BROKER_CONFIG",
        5 => "DEFAULT_CONFIG",
        6 => "DYNAMIC_BROKER_LOGGER_CONFIG",
        7 => "CLIENT_METRICS_CONFIG",
        8 => "GROUP_CONFIG",
        _ => "UNKNOWN",
    };
}
