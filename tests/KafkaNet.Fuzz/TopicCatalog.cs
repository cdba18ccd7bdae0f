using KafkaNet.Protocol.Messages;

namespace KafkaNet.Fuzz;

/// <summary>A topic as Metadata reports it.</summary>
internal sealed record TopicInfo(string Name, Guid Id, int Partitions);

/// <summary>
/// The topics fuzzed requests name most of the time. Requests that delete topics or change
/// their configuration only ever name the scratch topics, so the seeded data stays checkable.
/// </summary>
internal sealed class TopicCatalog
{
    public TopicCatalog(IReadOnlyList<TopicInfo> seeded, IReadOnlyList<TopicInfo> scratch)
    {
        Seeded = seeded;
        Scratch = scratch;
    }

    public IReadOnlyList<TopicInfo> Seeded { get; }
    public IReadOnlyList<TopicInfo> Scratch { get; }

    public static async Task<List<TopicInfo>> DescribeAllAsync(string bootstrap)
    {
        using var connection = await RawConnection.ConnectAsync(bootstrap).ConfigureAwait(false);
        // A null topic list asks for every topic.
        var response = await connection.SendAsync<MetadataResponse>(MetadataRequest.ApiKey, 12,
            new MetadataRequest { Topics = null, AllowAutoTopicCreation = false }).ConfigureAwait(false);
        return response.Topics
            .Where(t => t.ErrorCode == 0 && t.Name is not null)
            .Select(t => new TopicInfo(t.Name!, t.TopicId, t.Partitions.Count))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>API versions the broker advertises, by key.</summary>
    public static async Task<SortedDictionary<short, (short Min, short Max)>> AdvertisedApisAsync(string bootstrap)
    {
        using var connection = await RawConnection.ConnectAsync(bootstrap).ConfigureAwait(false);
        var response = await connection.SendAsync<ApiVersionsResponse>(ApiVersionsRequest.ApiKey, 3,
            new ApiVersionsRequest { ClientSoftwareName = "kafkanet-fuzz", ClientSoftwareVersion = "1" }).ConfigureAwait(false);
        var result = new SortedDictionary<short, (short, short)>();
        foreach (var api in response.ApiKeys)
        {
            result[api.ApiKey] = (api.MinVersion, api.MaxVersion);
        }
        return result;
    }
}
