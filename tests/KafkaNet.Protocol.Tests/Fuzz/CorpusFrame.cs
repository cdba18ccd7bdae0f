namespace KafkaNet.Protocol.Tests.Fuzz;

/// <summary>
/// A request frame captured from a real client (tests/fuzz-corpus), without its size prefix:
/// the header from <see cref="BodyOffset"/> back, the body after it.
/// </summary>
internal sealed record CorpusFrame(string Name, short ApiKey, short Version, byte[] Frame, int BodyOffset)
{
    public byte[] Body => Frame[BodyOffset..];
}
