namespace KafkaNet.WebConsole.Dto;

internal sealed record GroupSummaryDto(string GroupId, string State, string ProtocolType, int Members);

internal sealed record GroupDto(string GroupId, string State, string ProtocolType, string Protocol, List<MemberDto> Members,
    List<GroupOffsetDto> Offsets, long TotalLag);

internal sealed record MemberDto(string MemberId, string? GroupInstanceId, string ClientId, string Host, List<TopicPartitionDto> Assignment);

internal sealed record TopicPartitionDto(string Topic, int Partition);

/// <summary>A partition the group consumes: committed offset, log end offset and their difference, where known.</summary>
internal sealed record GroupOffsetDto(string Topic, int Partition, long? Committed, long? EndOffset, long? Lag, string? MemberId);

/// <summary>
/// The body of a reset: <see cref="To"/> is earliest, latest or offset (with <see cref="Offset"/>); <see cref="Topic"/>
/// null resets every partition the group has an offset for.
/// </summary>
internal sealed record ResetOffsetsDto(string? Topic, string To, long? Offset);

internal sealed record ResetResultDto(string GroupId, List<PartitionOffsetDto> Offsets);

internal sealed record PartitionOffsetDto(string Topic, int Partition, long Offset);
