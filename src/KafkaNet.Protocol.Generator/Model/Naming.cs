using System.Collections.Generic;

namespace KafkaNet.Protocol.Generator.Model;

/// <summary>
/// Chooses C# names. Structs are nested in the message class, so a struct named like a
/// top-level field, the message, or one of its own fields is renamed with a "Data" suffix.
/// </summary>
internal static class Naming
{
    private static readonly string[] Reserved =
    {
        "Read", "Write", "Size", "ApiKey", "LowestVersion", "HighestVersion", "UnknownTaggedFields",
        "Equals", "GetHashCode", "ToString", "GetType",
    };

    public static void Assign(MessageSpec spec)
    {
        var taken = new HashSet<string>(Reserved) { spec.Name };
        foreach (var f in spec.Fields)
        {
            taken.Add(f.Name);
        }
        foreach (var s in spec.Structs.Values)
        {
            var own = new HashSet<string>();
            foreach (var f in s.Fields)
            {
                own.Add(f.Name);
            }
            string className = s.Name;
            while (taken.Contains(className) || own.Contains(className))
            {
                className += "Data";
            }
            s.ClassName = className;
        }
        AssignProperties(spec.Fields);
        foreach (var s in spec.Structs.Values)
        {
            AssignProperties(s.Fields);
        }
    }

    private static void AssignProperties(List<FieldSpec> fields)
    {
        foreach (var f in fields)
        {
            f.PropertyName = System.Array.IndexOf(Reserved, f.Name) >= 0 ? f.Name + "Value" : f.Name;
        }
    }
}
