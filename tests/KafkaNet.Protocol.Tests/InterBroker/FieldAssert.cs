using System.Collections;
using System.Reflection;

namespace KafkaNet.Protocol.Tests.InterBroker;

/// <summary>Compares two generated messages field by field, recursing into structs and arrays, and names the first field that differs.</summary>
internal static class FieldAssert
{
    public static void Equal(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }

        Assert.True(expected.GetType() == actual.GetType(), $"{path}: type {actual.GetType().Name} instead of {expected.GetType().Name}");
        switch (expected)
        {
            case ReadOnlyMemory<byte> bytes:
                Assert.True(bytes.Span.SequenceEqual(((ReadOnlyMemory<byte>)actual).Span), $"{path}: bytes differ");
                return;
            case string or Guid or bool or sbyte or short or ushort or int or long:
                Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
                return;
            case IList list:
                var other = (IList)actual;
                Assert.True(list.Count == other.Count, $"{path}: {other.Count} items instead of {list.Count}");
                for (var i = 0; i < list.Count; i++)
                {
                    Equal(list[i], other[i], $"{path}[{i}]");
                }

                return;
            case IKafkaMessage:
                foreach (var property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (property.Name != "UnknownTaggedFields")
                    {
                        Equal(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
                    }
                }

                return;
            default:
                throw new InvalidOperationException($"{path}: no comparison for {expected.GetType().Name}");
        }
    }
}
