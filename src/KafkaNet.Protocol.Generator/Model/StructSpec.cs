using System.Collections.Generic;

namespace KafkaNet.Protocol.Generator.Model;

/// <summary>A struct type of a message: inline or common. Generated as a nested class.</summary>
internal sealed class StructSpec
{
    public StructSpec(string name, List<FieldSpec> fields)
    {
        Name = name;
        ClassName = name;
        Fields = fields;
    }

    public string Name { get; }

    public string ClassName { get; set; }

    public List<FieldSpec> Fields { get; }
}
