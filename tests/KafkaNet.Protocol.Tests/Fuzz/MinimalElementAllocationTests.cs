using System.Collections;
using KafkaNet.Protocol.Messages;
using Xunit.Abstractions;

namespace KafkaNet.Protocol.Tests.Fuzz;

/// <summary>
/// The cheapest way to make a decoder allocate: an array of the smallest elements the wire allows,
/// each decoded into objects many times its size. For every message, version and top-level array,
/// thousands of default elements must decode within <see cref="AllocationBudget"/>: memory grows
/// with the bytes sent, by a bounded factor.
/// </summary>
public class MinimalElementAllocationTests(ITestOutputHelper output)
{
    private const int Elements = 4000;

    [Fact]
    public void Arrays_of_minimal_elements_allocate_a_bounded_multiple_of_their_bytes()
    {
        var worst = (Ratio: 0.0, What: "none");
        int checkedArrays = 0;
        foreach (var descriptor in ApiTable.All)
        {
            foreach (bool request in new[] { true, false })
            {
                var spec = MessageSeeds.Spec(descriptor.ApiKey, request)!.Value;
                var type = MessageCodec.GeneratedType(spec.GetProperty("name").GetString()!);
                for (short version = descriptor.LowestVersion; version <= descriptor.HighestVersion; version++)
                {
                    foreach (var property in type.GetProperties().Where(IsElementList))
                    {
                        if (Encode(type, property, version) is not { } bytes)
                        {
                            continue; // the array is not in this version
                        }
                        string what = $"{(request ? "request" : "response")} {descriptor.Name} v{version} {property.Name}";
                        MessageCodec.Decode(request, descriptor.ApiKey, bytes, version, out _);
                        long allocated = AllocationBudget.Measure(() => MessageCodec.Decode(request, descriptor.ApiKey, bytes, version, out _));
                        Assert.True(allocated <= AllocationBudget.For(bytes.Length), $"{what}: {bytes.Length} bytes allocated {allocated}");
                        checkedArrays++;
                        double ratio = (double)allocated / bytes.Length;
                        if (ratio > worst.Ratio)
                        {
                            worst = (ratio, $"{what}: {bytes.Length} bytes allocated {allocated}");
                        }
                    }
                }
            }
        }
        output.WriteLine($"{checkedArrays} arrays checked; worst {worst.Ratio:F1} bytes per input byte, {worst.What}");
        Assert.True(checkedArrays > 100);
    }

    private static bool IsElementList(System.Reflection.PropertyInfo property) =>
        property.CanWrite && property.PropertyType.IsGenericType
        && property.PropertyType.GetGenericTypeDefinition() == typeof(List<>)
        && property.PropertyType.GetGenericArguments()[0] != typeof(RawTaggedField);

    /// <summary>The message with <see cref="Elements"/> default elements in one array, or null when that array is not in the version.</summary>
    private static byte[]? Encode(Type type, System.Reflection.PropertyInfo property, short version)
    {
        var message = (IKafkaMessage)Activator.CreateInstance(type)!;
        var elementType = property.PropertyType.GetGenericArguments()[0];
        var list = (IList)Activator.CreateInstance(property.PropertyType)!;
        object element = elementType == typeof(string) ? "" : Activator.CreateInstance(elementType)!;
        for (int i = 0; i < Elements; i++)
        {
            list.Add(element);
        }
        property.SetValue(message, list);
        byte[] bytes = MessageCodec.Encode(message, version);
        byte[] empty = MessageCodec.Encode((IKafkaMessage)Activator.CreateInstance(type)!, version);
        return bytes.Length > empty.Length ? bytes : null;
    }
}
