using System.Text.Json;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Protocol.Tests.Messages;

public class RoundTripTests
{
    private const int SeedsPerVersion = 6;

    public static TheoryData<string> MessageNames()
    {
        var data = new TheoryData<string>();
        foreach (var spec in SpecCatalog.All)
        {
            data.Add(spec.GetProperty("name").GetString()!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Every_version_encodes_decodes_and_encodes_to_identical_bytes(string name)
    {
        var spec = SpecCatalog.ByName(name);
        var type = typeof(ApiTable).Assembly.GetType("KafkaNet.Protocol.Messages." + name)
            ?? throw new InvalidOperationException($"no generated type for {name}");
        var (lowest, highest) = SpecCatalog.Range(spec.GetProperty("versions").GetString()!);
        Assert.True(highest >= lowest);
        for (short version = lowest; version <= highest; version++)
        {
            for (int seed = 0; seed < SeedsPerVersion; seed++)
            {
                var message = (IKafkaMessage)new RandomMessageBuilder(spec, version, seed * 7919 + version).Build(type);
                byte[] first = Encode(message, version);
                Assert.Equal(first.Length, SpecWalker.Walk(spec, version, first));

                var decoded = Decode(spec, first, version, out int consumed);
                Assert.Equal(first.Length, consumed);
                Assert.IsType(type, decoded);
                byte[] second = Encode(decoded, version);
                Assert.Equal(first, second);
            }
        }
    }

    [Fact]
    public void The_spec_covers_every_api_a_broker_serves()
    {
        var keys = ApiTable.All.Where(a => a.ServedByBroker).Select(a => (int)a.ApiKey).ToHashSet();
        int[] expected = [0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 55, 57, 60, 61, 64, 65, 66, 68, 69, 71, 72, 74, 75, 76, 77, 78, 79, 80, 81, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92];
        Assert.Superset(expected.ToHashSet(), keys);
    }

    internal static byte[] Encode(IKafkaMessage message, short version)
    {
        var bytes = new byte[message.Size(version)];
        var writer = new KafkaWriter(bytes);
        message.Write(ref writer, version);
        Assert.Equal(bytes.Length, writer.Position);
        return bytes;
    }

    private static IKafkaMessage Decode(JsonElement spec, byte[] bytes, short version, out int consumed)
    {
        string kind = spec.GetProperty("kind").GetString()!;
        string name = spec.GetProperty("name").GetString()!;
        if (kind == "data")
        {
            // Data schemas have no API key to dispatch on: decode through the type's own static Read.
            var type = typeof(ApiTable).Assembly.GetType("KafkaNet.Protocol.Messages." + name)!;
            var read = typeof(RoundTripTests).GetMethod(nameof(ReadData), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(type);
            var (message, position) = ((IKafkaMessage, int))read.Invoke(null, [bytes, version])!;
            consumed = position;
            return message;
        }
        var reader = new KafkaReader(bytes);
        IKafkaMessage result = kind switch
        {
            "request" => ApiTable.ReadRequest((short)spec.GetProperty("apiKey").GetInt32(), ref reader, version),
            "response" => ApiTable.ReadResponse((short)spec.GetProperty("apiKey").GetInt32(), ref reader, version),
            "metadata" => MetadataRecordTable.Read((short)spec.GetProperty("apiKey").GetInt32(), ref reader, version),
            _ when name == nameof(RequestHeader) => RequestHeader.Read(ref reader, version),
            _ when name == nameof(ResponseHeader) => ResponseHeader.Read(ref reader, version),
            _ => throw new InvalidOperationException($"no decoder for {name}"),
        };
        consumed = reader.Position;
        return result;
    }

    private static (IKafkaMessage Message, int Consumed) ReadData<T>(byte[] bytes, short version)
        where T : IKafkaMessage<T>
    {
        var reader = new KafkaReader(bytes);
        T message = T.Read(ref reader, version);
        return (message, reader.Position);
    }
}
