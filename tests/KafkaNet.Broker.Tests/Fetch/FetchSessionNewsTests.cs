using KafkaNet.Broker.Fetch;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Fetch;

/// <summary>What makes a partition news in an incremental fetch response (KIP-227).</summary>
public sealed class FetchSessionNewsTests
{
    [Fact]
    public void A_moved_last_stable_offset_alone_is_news_and_once_sent_is_not()
    {
        var entry = new FetchSessionPartition("t", Guid.Empty, 0);
        entry.Sent(Data(highWatermark: 10, lastStable: 4));

        var moved = Data(highWatermark: 10, lastStable: 10);

        Assert.True(entry.HasNews(moved));
        entry.Sent(moved);
        Assert.False(entry.HasNews(Data(highWatermark: 10, lastStable: 10)));
    }

    [Fact]
    public void Records_errors_and_moved_watermarks_are_news()
    {
        var entry = new FetchSessionPartition("t", Guid.Empty, 0);
        entry.Sent(Data(highWatermark: 10, lastStable: 10));

        Assert.True(entry.HasNews(Data(highWatermark: 11, lastStable: 10)));
        Assert.True(entry.HasNews(Data(highWatermark: 10, lastStable: 10, logStart: 3)));
        Assert.True(entry.HasNews(Data(highWatermark: 10, lastStable: 10, records: 1)));
        var error = Data(highWatermark: 10, lastStable: 10);
        error.ErrorCode = 1;
        Assert.True(entry.HasNews(error));
    }

    private static FetchResponse.PartitionData Data(long highWatermark, long lastStable, long logStart = 0, int records = 0) => new()
    {
        HighWatermark = highWatermark,
        LastStableOffset = lastStable,
        LogStartOffset = logStart,
        Records = new byte[records],
    };
}
