using KafkaNet.Protocol.Messages;

namespace KafkaNet.Protocol.Tests.Fuzz;

/// <summary>
/// The seed corpus itself: request frames that real clients sent (tests/fuzz-corpus). Each must
/// decode to its last byte and encode back to the bytes the client sent, or the seeds the fuzz
/// tests start from would not be the valid inputs they are taken for.
/// </summary>
public class CapturedFrameTests
{
    public static TheoryData<string> Clients()
    {
        var data = new TheoryData<string>();
        foreach (string client in ClientNames())
        {
            data.Add(client);
        }
        return data;
    }

    private static string[] ClientNames() => [.. SeedCorpus.All.Select(f => f.Name.Split('/')[0]).Distinct().Order(StringComparer.Ordinal)];

    [Fact]
    public void The_corpus_holds_frames_from_four_clients()
    {
        Assert.Equal(["confluent-kafka", "kafka-python", "kafkajs", "kcat"], ClientNames());
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void Every_captured_request_decodes_to_its_end_and_encodes_to_the_bytes_the_client_sent(string client)
    {
        var frames = SeedCorpus.All.Where(f => f.Name.StartsWith(client + "/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(frames);
        foreach (var frame in frames)
        {
            var descriptor = ApiTable.Find(frame.ApiKey)!;
            Assert.True(descriptor.IsSupported(frame.Version), $"{frame.Name}: {descriptor.Name} has no version {frame.Version}");
            byte[] body = frame.Body;
            var message = MessageCodec.Decode(request: true, frame.ApiKey, body, frame.Version, out int consumed);
            Assert.True(consumed == body.Length, $"{frame.Name}: decoded {consumed} of {body.Length} body bytes");
            byte[] encoded = MessageCodec.Encode(message, frame.Version);
            Assert.True(body.AsSpan().SequenceEqual(encoded), $"{frame.Name}: sent {Convert.ToHexString(body)}, re-encoded {Convert.ToHexString(encoded)}");
        }
    }
}
