using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Embedded;

internal enum FaultKind
{
    Drop,
    Delay,
    Fail,
}

/// <summary>A queued fault: what it does, to which API, for how many more requests.</summary>
internal readonly record struct Fault(FaultKind Kind, ApiKeys ApiKey, int Remaining, TimeSpan Delay, ErrorCode Error);
