using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using KafkaNet.Protocol;

namespace KafkaNet.Fuzz;

/// <summary>
/// Fills a generated message with random field values, by reflection over its properties.
/// Field names steer the values: topic names and ids are real most of the time, partitions are
/// in range, timeouts are short (so a well-formed request never waits longer than the hang
/// timeout), byte fields named Records carry real record batches.
/// </summary>
internal sealed class RandomFiller
{
    private const int MaxDepth = 6;
    private static readonly ConcurrentDictionary<Type, FieldSlot[]> Slots = new();
    private static readonly NullabilityInfoContext Nullability = new();
    private static readonly object NullabilityLock = new();

    private readonly Random _rng;
    private readonly IReadOnlyList<TopicInfo> _topics;
    private readonly Func<Random, byte[]> _records;
    private TopicInfo _currentTopic;

    public RandomFiller(Random rng, IReadOnlyList<TopicInfo> topics, Func<Random, byte[]> records)
    {
        _rng = rng;
        _topics = topics;
        _records = records;
        _currentTopic = topics[rng.Next(topics.Count)];
    }

    public T Fill<T>(T message)
        where T : class
    {
        Fill(message, 0);
        return message;
    }

    private void Fill(object message, int depth)
    {
        foreach (var slot in SlotsOf(message.GetType()))
        {
            if (slot.Property.Name == "UnknownTaggedFields")
            {
                if (_rng.Next(50) == 0)
                {
                    slot.Property.SetValue(message, new List<RawTaggedField> { new(1000 + _rng.Next(100), RandomBytes(8)) });
                }
                continue;
            }
            if (slot.Nullable && _rng.Next(20) == 0)
            {
                slot.Property.SetValue(message, null);
                continue;
            }
            slot.Property.SetValue(message, Value(slot.Property.PropertyType, slot.Property.Name, depth));
        }
    }

    private object? Value(Type type, string name, int depth)
    {
        if (type == typeof(string))
        {
            return StringFor(name);
        }
        if (type == typeof(int))
        {
            return IntFor(name);
        }
        if (type == typeof(long))
        {
            return LongFor(name);
        }
        if (type == typeof(short))
        {
            return ShortFor(name);
        }
        if (type == typeof(sbyte))
        {
            return (sbyte)(_rng.Next(4) == 0 ? _rng.Next(-128, 128) : _rng.Next(-1, 3));
        }
        if (type == typeof(ushort))
        {
            return (ushort)(_rng.Next(3) == 0 ? _rng.Next(65536) : _rng.Next(0, 10));
        }
        if (type == typeof(bool))
        {
            return _rng.Next(2) == 0;
        }
        if (type == typeof(double))
        {
            return _rng.Next(4) switch { 0 => double.NaN, 1 => -1.0, 2 => 1e300, _ => _rng.NextDouble() * 1000 };
        }
        if (type == typeof(Guid))
        {
            return GuidFor(name);
        }
        if (type == typeof(ReadOnlyMemory<byte>) || type == typeof(ReadOnlyMemory<byte>?))
        {
            return (ReadOnlyMemory<byte>)(name == "Records" ? _records(_rng) : RandomBytes(_rng.Next(0, 24)));
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            var element = type.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(type)!;
            int count = depth >= MaxDepth ? 0 : _rng.Next(10) == 0 ? _rng.Next(4, 9) : _rng.Next(0, 3);
            if (count == 0 && _rng.Next(2) == 0)
            {
                count = 1; // most requests name at least one thing
            }
            for (int i = 0; i < count; i++)
            {
                list.Add(Value(element, name, depth + 1));
            }
            return list;
        }
        if (typeof(IKafkaMessage).IsAssignableFrom(type))
        {
            // A struct naming a topic: pick it first, so its partitions are in range.
            if (type.Name.Contains("Topic", StringComparison.Ordinal))
            {
                _currentTopic = _topics[_rng.Next(_topics.Count)];
            }
            object nested = Activator.CreateInstance(type)!;
            if (depth < MaxDepth)
            {
                Fill(nested, depth + 1);
            }
            return nested;
        }
        throw new NotSupportedException($"no random value for {type} ({name})");
    }

    private string StringFor(string name)
    {
        if (name.Contains("Topic", StringComparison.Ordinal) || name is "Name" or "ResourceName")
        {
            return _rng.Next(8) != 0 ? _currentTopic.Name : RandomName();
        }
        if (name.Contains("GroupId", StringComparison.Ordinal))
        {
            return _rng.Next(4) != 0 ? $"fz-group-{_rng.Next(3)}" : RandomName();
        }
        if (name.Contains("TransactionalId", StringComparison.Ordinal))
        {
            return _rng.Next(4) != 0 ? $"fz-txn-{_rng.Next(3)}" : RandomName();
        }
        if (name.Contains("MemberId", StringComparison.Ordinal))
        {
            return _rng.Next(2) == 0 ? "" : RandomName();
        }
        if (name.Contains("ProtocolType", StringComparison.Ordinal))
        {
            return _rng.Next(2) == 0 ? "consumer" : RandomName();
        }
        return RandomName();
    }

    private string RandomName()
    {
        int length = _rng.Next(10) == 0 ? _rng.Next(100, 300) : _rng.Next(0, 12);
        var builder = new StringBuilder(length);
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789._-";
        for (int i = 0; i < length; i++)
        {
            builder.Append(_rng.Next(40) == 0 ? (char)_rng.Next(0x20, 0x3000) : alphabet[_rng.Next(alphabet.Length)]);
        }
        return builder.ToString();
    }

    private int IntFor(string name)
    {
        if (name.Contains("Partition", StringComparison.Ordinal) && !name.Contains("Bytes", StringComparison.Ordinal) && !name.Contains("Count", StringComparison.Ordinal))
        {
            return _rng.Next(10) == 0 ? Interesting.Int(_rng) : _rng.Next(-1, _currentTopic.Partitions + 1);
        }
        if (name.EndsWith("TimeoutMs", StringComparison.Ordinal) || name.EndsWith("WaitMs", StringComparison.Ordinal) || name.EndsWith("IntervalMs", StringComparison.Ordinal))
        {
            return _rng.Next(-1, 500);
        }
        if (name.Contains("MaxBytes", StringComparison.Ordinal) || name == "MinBytes")
        {
            return _rng.Next(4) == 0 ? _rng.Next(-1, 100) : _rng.Next(0, 1 << 20);
        }
        if (name is "NumPartitions" or "Count")
        {
            return _rng.Next(-1, 5);
        }
        if (name.EndsWith("Id", StringComparison.Ordinal) && (name.Contains("Broker", StringComparison.Ordinal) || name.Contains("Node", StringComparison.Ordinal)
            || name.Contains("Replica", StringComparison.Ordinal) || name.Contains("Voter", StringComparison.Ordinal) || name.Contains("Leader", StringComparison.Ordinal)))
        {
            // Never the broker's own id (1): unregistering or removing it is an admin's choice, not a fault.
            return _rng.Next(3) switch { 0 => -1, 1 => _rng.Next(2, 6), _ => Interesting.Int(_rng) is var v && v == 1 ? 0 : v };
        }
        return _rng.Next(3) == 0 ? Interesting.Int(_rng) : _rng.Next(-1, 100);
    }

    private long LongFor(string name)
    {
        if (name.Contains("Offset", StringComparison.Ordinal))
        {
            return _rng.Next(4) == 0 ? Interesting.Long(_rng) : _rng.Next(-2, 400);
        }
        if (name.Contains("Timestamp", StringComparison.Ordinal))
        {
            return _rng.Next(3) == 0 ? _rng.Next(-3, 0) : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - _rng.Next(1_000_000);
        }
        if (name.Contains("TimeoutMs", StringComparison.Ordinal) || name.EndsWith("Ms", StringComparison.Ordinal))
        {
            return _rng.Next(-1, 500);
        }
        return _rng.Next(3) == 0 ? Interesting.Long(_rng) : _rng.Next(-1, 1000);
    }

    private short ShortFor(string name)
    {
        if (name == "Acks")
        {
            return (short)(_rng.Next(10) == 0 ? Interesting.Short(_rng) : _rng.Next(-1, 2));
        }
        if (name == "ReplicationFactor")
        {
            return (short)_rng.Next(-1, 3);
        }
        if (name.Contains("ErrorCode", StringComparison.Ordinal))
        {
            return (short)_rng.Next(-1, 3);
        }
        return _rng.Next(3) == 0 ? Interesting.Short(_rng) : (short)_rng.Next(-1, 20);
    }

    private Guid GuidFor(string name)
    {
        if (name.Contains("TopicId", StringComparison.Ordinal))
        {
            return _rng.Next(8) != 0 ? _currentTopic.Id : _rng.Next(2) == 0 ? Guid.Empty : RandomGuid();
        }
        return _rng.Next(3) == 0 ? Guid.Empty : RandomGuid();
    }

    private Guid RandomGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _rng.NextBytes(bytes);
        return new Guid(bytes);
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _rng.NextBytes(bytes);
        return bytes;
    }

    private static FieldSlot[] SlotsOf(Type type) => Slots.GetOrAdd(type, t =>
    {
        lock (NullabilityLock)
        {
            return t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
                .OrderBy(p => p.MetadataToken)
                .Select(p => new FieldSlot(p, Nullability.Create(p).WriteState == NullabilityState.Nullable || Nullable.GetUnderlyingType(p.PropertyType) is not null))
                .ToArray();
        }
    });

    private sealed record FieldSlot(PropertyInfo Property, bool Nullable);
}
