using KafkaNet.Broker.Shares.Assignment;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Shares.Assignment.AssignmentText;

namespace KafkaNet.Broker.Tests.Shares.Assignment;

public sealed class ShareGroupMembershipTests
{
    private const string M1 = "5f0c1b3e-6a5e-4a4e-9d8e-000000000001";
    private const string M2 = "5f0c1b3e-6a5e-4a4e-9d8e-000000000002";
    private readonly ShareGroup _group = new("g");

    public ShareGroupMembershipTests() => _group.UpdateTopics([Topic("a", 2), Topic("b", 1)]);

    private ShareGroupHeartbeatAnswer Join(string memberId, long nowMs = 0, params string[] topics) =>
        _group.Heartbeat(new ShareGroupHeartbeat(memberId, 0, null, topics.Length == 0 ? ["a"] : topics), nowMs);

    private ShareGroupHeartbeatAnswer Beat(string memberId, int epoch, long nowMs = 0, IReadOnlyList<string>? topics = null) =>
        _group.Heartbeat(new ShareGroupHeartbeat(memberId, epoch, null, topics), nowMs);

    private static string Partitions(ShareGroupHeartbeatAnswer answer) =>
        answer.Assignment is null
            ? "(unchanged)"
            : string.Join(" ", answer.Assignment.SelectMany(t => t.Partitions.Select(p => Name(new ShareTopicPartition(t.TopicId, p)))));

    [Fact]
    public void A_first_heartbeat_joins_and_gets_the_whole_assignment()
    {
        var answer = Join(M1);

        Assert.Equal(ErrorCode.None, answer.Error);
        Assert.Equal(M1, answer.MemberId);
        Assert.Equal(1, answer.MemberEpoch);
        Assert.Equal(5000, answer.HeartbeatIntervalMs);
        Assert.Equal("a-0 a-1", Partitions(answer));
        Assert.Equal(1, _group.GroupEpoch);
        Assert.Equal(1, _group.AssignmentEpoch);
        Assert.Equal(ShareGroupState.Stable, _group.State);
    }

    [Fact]
    public void Steady_heartbeats_keep_the_epoch_and_send_no_assignment()
    {
        Join(M1);

        var answer = Beat(M1, 1, 1000);

        Assert.Equal(ErrorCode.None, answer.Error);
        Assert.Equal(1, answer.MemberEpoch);
        Assert.Null(answer.Assignment);
        Assert.Equal(1, _group.GroupEpoch);
    }

    [Fact]
    public void A_second_member_bumps_the_epoch_and_both_move_to_the_new_assignment()
    {
        Join(M1);
        var second = Join(M2);
        var first = Beat(M1, 1);

        Assert.Equal(2, _group.GroupEpoch);
        Assert.Equal(2, second.MemberEpoch);
        Assert.Equal(2, first.MemberEpoch);
        Assert.Equal(["a-0", "a-1"], new[] { Partitions(first), Partitions(second) }.Order());
    }

    [Fact]
    public void A_subscription_change_bumps_the_epoch_and_the_assignment()
    {
        Join(M1);

        var answer = Beat(M1, 1, 0, ["a", "b"]);

        Assert.Equal(2, answer.MemberEpoch);
        Assert.Equal("a-0 a-1 b-0", Partitions(answer));
        Assert.Equal(2, Beat(M1, 2, 0, ["b", "a"]).MemberEpoch);
        Assert.Equal(2, _group.GroupEpoch);
    }

    [Fact]
    public void Only_changes_to_subscribed_topics_bump_the_epoch()
    {
        Join(M1);

        _group.UpdateTopics([Topic("a", 2), Topic("b", 5), Topic("c", 1)]);
        Assert.Equal(1, _group.GroupEpoch);

        _group.UpdateTopics([Topic("a", 3), Topic("b", 5)]);
        var answer = Beat(M1, 1);
        Assert.Equal(2, answer.MemberEpoch);
        Assert.Equal("a-0 a-1 a-2", Partitions(answer));
    }

    [Fact]
    public void Leaving_answers_epoch_minus_one_and_rebalances_the_rest()
    {
        Join(M1);
        Join(M2);

        var left = Beat(M2, ShareGroupHeartbeat.LeaveEpoch);

        Assert.Equal(ErrorCode.None, left.Error);
        Assert.Equal(-1, left.MemberEpoch);
        Assert.Equal(M2, left.MemberId);
        Assert.Null(_group.FindMember(M2));
        Assert.Equal("a-0 a-1", Partitions(Beat(M1, 1)));
        Assert.Equal(3, _group.GroupEpoch);
    }

    [Fact]
    public void The_last_member_leaving_empties_the_group()
    {
        Join(M1);
        Beat(M1, -1);

        Assert.Equal(ShareGroupState.Empty, _group.State);
    }

    [Fact]
    public void A_member_silent_past_the_session_timeout_is_fenced()
    {
        Join(M1, nowMs: 0);
        Join(M2, nowMs: 0);
        Assert.Equal(2, Beat(M1, 1, nowMs: 40_000).MemberEpoch);

        Assert.Empty(_group.ExpireSessions(44_999));
        Assert.Equal([M2], _group.ExpireSessions(45_000));
        Assert.Empty(_group.ExpireSessions(84_999));

        var fenced = Beat(M2, 2, nowMs: 45_001);
        Assert.Equal(ErrorCode.UnknownMemberId, fenced.Error);
        Assert.Equal($"Member {M2} is not a member of group g.", fenced.ErrorMessage);
        Assert.Equal("a-0 a-1", Partitions(Beat(M1, 2, nowMs: 45_001)));
    }

    [Fact]
    public void A_fenced_member_may_join_again_with_epoch_zero()
    {
        Join(M1);
        _group.ExpireSessions(45_000);

        var answer = Join(M1, nowMs: 50_000);

        Assert.Equal(ErrorCode.None, answer.Error);
        Assert.Equal(3, answer.MemberEpoch);
    }

    [Fact]
    public void Epochs_ahead_or_too_far_behind_are_fenced()
    {
        Join(M1);
        Join(M2);
        Beat(M1, 1);
        Join("m3");
        Beat(M1, 2);

        var ahead = Beat(M1, 4);
        var stale = Beat(M1, 1);

        Assert.Equal(ErrorCode.FencedMemberEpoch, ahead.Error);
        Assert.Equal("The share group member has a greater member epoch (4) than the one known by the group coordinator (3). " +
            "The member must abandon all its partitions and rejoin.", ahead.ErrorMessage);
        Assert.Equal(ErrorCode.FencedMemberEpoch, stale.Error);
        Assert.Equal("The share group member has a smaller member epoch (1) than the one known by the group coordinator (3). " +
            "The member must abandon all its partitions and rejoin.", stale.ErrorMessage);
        Assert.Equal(0, stale.MemberEpoch);
        Assert.Null(stale.MemberId);
    }

    [Fact]
    public void The_previous_epoch_is_accepted_and_the_assignment_sent_again()
    {
        Join(M1);
        Join(M2);
        Beat(M1, 1);

        var answer = Beat(M1, 1);

        Assert.Equal(ErrorCode.None, answer.Error);
        Assert.Equal(2, answer.MemberEpoch);
        Assert.NotNull(answer.Assignment);
    }

    [Fact]
    public void Heartbeats_from_unknown_members_are_refused()
    {
        Assert.Equal(ErrorCode.UnknownMemberId, Beat(M1, 3).Error);
        Assert.Equal(ErrorCode.UnknownMemberId, Beat(M1, -1).Error);
    }

    [Theory]
    [InlineData("", 0, "a", null, "MemberId can't be empty.")]
    [InlineData(M1, 0, null, null, "SubscribedTopicNames must be set in first request.")]
    [InlineData(M1, 0, "", null, "SubscribedTopicNames must be set in first request.")]
    [InlineData(M1, -2, "a", null, "MemberEpoch is invalid.")]
    [InlineData(M1, 0, "a", "", "RackId can't be empty.")]
    public void Malformed_heartbeats_are_invalid_requests(string memberId, int epoch, string? topics, string? rack, string message)
    {
        IReadOnlyList<string>? names = topics is null ? null : topics.Length == 0 ? [] : [topics];

        var answer = _group.Heartbeat(new ShareGroupHeartbeat(memberId, epoch, rack, names), 0);

        Assert.Equal(ErrorCode.InvalidRequest, answer.Error);
        Assert.Equal(message, answer.ErrorMessage);
        Assert.Empty(_group.Members);
    }

    [Fact]
    public void A_full_group_refuses_new_members_but_not_its_own()
    {
        var group = new ShareGroup("g", new ShareGroupConfig { MaxSize = 2 });
        group.Heartbeat(new ShareGroupHeartbeat(M1, 0, null, ["a"]), 0);
        group.Heartbeat(new ShareGroupHeartbeat(M2, 0, null, ["a"]), 0);

        var third = group.Heartbeat(new ShareGroupHeartbeat("m3", 0, null, ["a"]), 0);
        var own = group.Heartbeat(new ShareGroupHeartbeat(M1, 1, null, null), 0);

        Assert.Equal(ErrorCode.GroupMaxSizeReached, third.Error);
        Assert.Equal("The share group has reached its maximum capacity of 2 members.", third.ErrorMessage);
        Assert.Equal(ErrorCode.None, own.Error);
        Assert.Equal(2, group.Members.Count);
    }

    [Fact]
    public void The_defaults_are_kafka_s()
    {
        var config = new ShareGroupConfig();

        Assert.Equal((45_000, 5_000, 200), (config.SessionTimeoutMs, config.HeartbeatIntervalMs, config.MaxSize));
    }
}
