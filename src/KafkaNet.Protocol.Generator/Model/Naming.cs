using System.Collections.Generic;

namespace KafkaNet.Protocol.Generator.Model;

/// <summary>
/// Chooses C# names. Structs are nested in the message class, so a struct named like a
/// top-level field, the message, or one of its own fields is renamed with a "Data" suffix.
/// </summary>
internal static class Naming
{
    // Members every generated class has; a field with one of these names gets a "Value" suffix.
    private static readonly string[] Reserved =
    {
        "Read", "Write", "Size", "UnknownTaggedFields", "IsDefaultValue", "Equals", "GetHashCode", "ToString", "GetType",
    };

    // Constants only message classes have.
    private static readonly string[] MessageReserved = { "ApiKey", "LowestVersion", "HighestVersion" };

    public static void Assign(MessageSpec spec)
    {
        var taken = new HashSet<string>(Reserved) { spec.Name };
        taken.UnionWith(MessageReserved);
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
        AssignProperties(spec.Fields, isMessage: true);
        foreach (var s in spec.Structs.Values)
        {
            AssignProperties(s.Fields, isMessage: false);
        }
    }

    private static void AssignProperties(List<FieldSpec> fields, bool isMessage)
    {
        foreach (var f in fields)
        {
            bool clash = System.Array.IndexOf(Reserved, f.Name) >= 0 || (isMessage && System.Array.IndexOf(MessageReserved, f.Name) >= 0);
            f.PropertyName = clash ? f.Name + "Value" : f.Name;
        }
    }
}
