using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Shares;

/// <summary>The API keys that exist only for share groups: served (and advertised) only while share groups are enabled.</summary>
public static class ShareApis
{
    public static bool IsShareApi(short apiKey) => apiKey is
        ShareGroupHeartbeatRequest.ApiKey or ShareGroupDescribeRequest.ApiKey or ShareFetchRequest.ApiKey or ShareAcknowledgeRequest.ApiKey
        or InitializeShareGroupStateRequest.ApiKey or ReadShareGroupStateRequest.ApiKey or WriteShareGroupStateRequest.ApiKey
        or DeleteShareGroupStateRequest.ApiKey or ReadShareGroupStateSummaryRequest.ApiKey
        or DescribeShareGroupOffsetsRequest.ApiKey or AlterShareGroupOffsetsRequest.ApiKey or DeleteShareGroupOffsetsRequest.ApiKey;
}
