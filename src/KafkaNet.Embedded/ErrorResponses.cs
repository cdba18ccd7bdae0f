using System.Reflection;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Embedded;

/// <summary>
/// Builds the response Kafka gives a request it refuses with one error, from the generated types:
/// the request's items (partitions, coordinator keys, transactions) are echoed and every error
/// code field of those items gets the error; the top-level error code gets it only when there is
/// no item to carry it. Which fields are error codes is read from the generated classes, so only
/// the echo of the items is written per API.
/// </summary>
internal static class ErrorResponses
{
    private static readonly HashSet<short> ItemApis =
    [
        ProduceRequest.ApiKey, FetchRequest.ApiKey, ListOffsetsRequest.ApiKey, OffsetCommitRequest.ApiKey,
        TxnOffsetCommitRequest.ApiKey, AddPartitionsToTxnRequest.ApiKey, FindCoordinatorRequest.ApiKey,
    ];

    /// <summary>Whether a request of this API can be refused with an error response in each of these versions.</summary>
    public static bool Supports(short apiKey, short lowestVersion, short highestVersion)
    {
        if (ItemApis.Contains(apiKey))
        {
            return true;
        }
        if (ApiTable.CreateResponse(apiKey) is not IHasErrorCode top)
        {
            return false;
        }
        for (short version = lowestVersion; version <= highestVersion; version++)
        {
            if (!top.HasErrorCodeIn(version))
            {
                return false;
            }
        }
        return true;
    }

    /// <exception cref="NotSupportedException">This version of the response has no error code field for the request.</exception>
    public static IKafkaMessage Build(short apiKey, IKafkaMessage request, short version, ErrorCode error)
    {
        var response = Echo(request, version) ?? ApiTable.CreateResponse(apiKey)
            ?? throw new NotSupportedException($"API key {apiKey} has no response");
        string message = ErrorCodes.Name(error);
        int filled = FillItems(response, (short)error, message);
        if (filled == 0 && response is IHasErrorCode top && top.HasErrorCodeIn(version))
        {
            top.ErrorCode = (short)error;
            SetMessage(response, message);
            filled = 1;
        }
        if (filled == 0)
        {
            throw new NotSupportedException($"{ApiTable.Find(apiKey)?.Name} v{version}: no error code field to answer this request with");
        }
        return response;
    }

    /// <summary>An empty answer to each item of the request (version-aware where the item lists moved between versions).</summary>
    private static IKafkaMessage? Echo(IKafkaMessage request, short version) => request switch
    {
        ProduceRequest p => new ProduceResponse
        {
            Responses = [.. p.TopicData.Select(t => new ProduceResponse.TopicProduceResponse
            {
                Name = t.Name,
                TopicId = t.TopicId,
                PartitionResponses = [.. t.PartitionData.Select(d => new ProduceResponse.PartitionProduceResponse { Index = d.Index, BaseOffset = -1 })],
            })],
        },
        FetchRequest f => new FetchResponse
        {
            Responses = [.. f.Topics.Select(t => new FetchResponse.FetchableTopicResponse
            {
                Topic = t.Topic,
                TopicId = t.TopicId,
                Partitions = [.. t.Partitions.Select(d => new FetchResponse.PartitionData { PartitionIndex = d.Partition, HighWatermark = -1 })],
            })],
        },
        ListOffsetsRequest l => new ListOffsetsResponse
        {
            Topics = [.. l.Topics.Select(t => new ListOffsetsResponse.ListOffsetsTopicResponse
            {
                Name = t.Name,
                Partitions = [.. t.Partitions.Select(d => new ListOffsetsResponse.ListOffsetsPartitionResponse { PartitionIndex = d.PartitionIndex })],
            })],
        },
        OffsetCommitRequest o => new OffsetCommitResponse
        {
            Topics = [.. o.Topics.Select(t => new OffsetCommitResponse.OffsetCommitResponseTopic
            {
                Name = t.Name,
                TopicId = t.TopicId,
                Partitions = [.. t.Partitions.Select(d => new OffsetCommitResponse.OffsetCommitResponsePartition { PartitionIndex = d.PartitionIndex })],
            })],
        },
        TxnOffsetCommitRequest x => new TxnOffsetCommitResponse
        {
            Topics = [.. x.Topics.Select(t => new TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic
            {
                Name = t.Name,
                Partitions = [.. t.Partitions.Select(d => new TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition { PartitionIndex = d.PartitionIndex })],
            })],
        },
        AddPartitionsToTxnRequest a => version < 4
            ? new AddPartitionsToTxnResponse { ResultsByTopicV3AndBelow = TopicResults(a.V3AndBelowTopics) }
            : new AddPartitionsToTxnResponse
            {
                ResultsByTransaction = [.. a.Transactions.Select(t => new AddPartitionsToTxnResponse.AddPartitionsToTxnResult
                {
                    TransactionalId = t.TransactionalId,
                    TopicResults = TopicResults(t.Topics),
                })],
            },
        FindCoordinatorRequest c => version < 4
            ? new FindCoordinatorResponse { NodeId = -1, Port = -1 }
            : new FindCoordinatorResponse
            {
                Coordinators = [.. c.CoordinatorKeys.Select(k => new FindCoordinatorResponse.Coordinator { Key = k, NodeId = -1, Port = -1 })],
            },
        _ => null,
    };

    private static List<AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult> TopicResults(List<AddPartitionsToTxnRequest.AddPartitionsToTxnTopic> topics) =>
    [
        .. topics.Select(t => new AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult
        {
            Name = t.Name,
            ResultsByPartition = [.. t.Partitions.Select(p => new AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult { PartitionIndex = p })],
        }),
    ];

    /// <summary>Sets every error code of the items below <paramref name="message"/> (not its own); returns how many were set.</summary>
    private static int FillItems(IKafkaMessage message, short code, string text)
    {
        int filled = 0;
        foreach (var property in message.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            switch (property.GetValue(message))
            {
                case IEnumerable<IKafkaMessage> items:
                    foreach (var item in items)
                    {
                        filled += FillOwn(item, code, text) + FillItems(item, code, text);
                    }
                    break;
                case IKafkaMessage child:
                    filled += FillOwn(child, code, text) + FillItems(child, code, text);
                    break;
            }
        }
        return filled;
    }

    /// <summary>Sets the error code fields (ErrorCode, PartitionErrorCode...) of one struct.</summary>
    private static int FillOwn(IKafkaMessage item, short code, string text)
    {
        int filled = 0;
        foreach (var property in item.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.PropertyType == typeof(short) && property.Name.EndsWith("ErrorCode", StringComparison.Ordinal) && property.CanWrite)
            {
                property.SetValue(item, code);
                filled++;
            }
        }
        if (filled > 0)
        {
            SetMessage(item, text);
        }
        return filled;
    }

    private static void SetMessage(IKafkaMessage item, string text) =>
        item.GetType().GetProperty("ErrorMessage", typeof(string))?.SetValue(item, text);
}
