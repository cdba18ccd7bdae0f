using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Cluster.Tests.Controller;

/// <summary>
/// A new active controller decides only once its image holds every entry its log holds: what its predecessor
/// wrote is never overwritten from a stale image.
/// </summary>
public sealed class LeaderCatchUpTests
{
    [Fact]
    public async Task A_request_waits_for_the_catch_up_and_is_decided_on_the_predecessors_writes()
    {
        using var harness = new ControllerHarness();
        await harness.StartBrokersAsync(1);
        var caughtUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Writer.CaughtUp = caughtUp.Task;

        var create = harness.CreateTopicAsync("orders");
        await Task.Delay(100);
        Assert.False(create.IsCompleted);

        // The previous leader's entry creating the same topic is applied while this controller catches up.
        await harness.Writer.AppendAsync([new MetadataRecord(new TopicRecord { Name = "orders", TopicId = Guid.NewGuid() }, 0)], CancellationToken.None);
        caughtUp.SetResult();

        Assert.Equal((short)ErrorCode.TopicAlreadyExists, (await create.WaitAsync(TimeSpan.FromSeconds(10))).ErrorCode);
    }

    [Fact]
    public async Task A_controller_that_cannot_catch_up_in_time_answers_request_timed_out_and_writes_nothing()
    {
        using var harness = new ControllerHarness();
        await harness.StartBrokersAsync(1);
        int batches = harness.Writer.Batches.Count;
        harness.Writer.CaughtUp = Task.FromException(new TimeoutException("not applied in time"));

        var result = await harness.CreateTopicAsync("orders");

        Assert.Equal((short)ErrorCode.RequestTimedOut, result.ErrorCode);
        Assert.Equal(batches, harness.Writer.Batches.Count);
    }
}
