using KafkaNet.Protocol.Messages;
using KafkaNet.WebConsole.Dispatch;

namespace KafkaNet.WebConsole.Kafka;

/// <summary>The cluster as DescribeCluster and Metadata tell it.</summary>
internal static class ClusterQueries
{
    private const short DescribeClusterVersion = 1;
    private const short MetadataVersion = 12;

    public static async Task<DescribeClusterResponse> DescribeClusterAsync(this BrokerRequests kafka, CancellationToken cancellationToken)
    {
        var response = await kafka.SendAsync<DescribeClusterResponse>(DescribeClusterRequest.ApiKey, DescribeClusterVersion,
            new DescribeClusterRequest(), cancellationToken).ConfigureAwait(false);
        ConsoleApiException.ThrowIfError(response.ErrorCode, response.ErrorMessage, "cluster");
        return response;
    }

    /// <summary>Metadata of the named topics, or of every topic when <paramref name="topics"/> is null.</summary>
    public static Task<MetadataResponse> MetadataAsync(this BrokerRequests kafka, IEnumerable<string>? topics, CancellationToken cancellationToken)
    {
        var request = new MetadataRequest
        {
            Topics = topics?.Select(t => new MetadataRequest.MetadataRequestTopic { Name = t }).ToList(),
            AllowAutoTopicCreation = false,
        };
        return kafka.SendAsync<MetadataResponse>(MetadataRequest.ApiKey, MetadataVersion, request, cancellationToken);
    }

    /// <summary>One topic's metadata.</summary>
    /// <exception cref="ConsoleApiException">The topic does not exist (UNKNOWN_TOPIC_OR_PARTITION).</exception>
    public static async Task<MetadataResponse.MetadataResponseTopic> TopicAsync(this BrokerRequests kafka, string topic, CancellationToken cancellationToken)
    {
        var response = await kafka.MetadataAsync([topic], cancellationToken).ConfigureAwait(false);
        var found = response.Topics.Single();
        ConsoleApiException.ThrowIfError(found.ErrorCode, null, topic);
        return found;
    }
}
