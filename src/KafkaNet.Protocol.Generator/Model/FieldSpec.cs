using System.Collections.Generic;

namespace KafkaNet.Protocol.Generator.Model;

/// <summary>One field of a message or struct as the spec declares it.</summary>
internal sealed class FieldSpec
{
    public FieldSpec(string name, FieldType type, VersionRange versions)
    {
        Name = name;
        Type = type;
        Versions = versions;
    }

    public string Name { get; }

    /// <summary>The C# property name; differs from <see cref="Name"/> only to avoid a clash.</summary>
    public string PropertyName { get; set; } = "";

    public FieldType Type { get; }

    public VersionRange Versions { get; }

    public VersionRange NullableVersions { get; set; } = VersionRange.None;

    public VersionRange TaggedVersions { get; set; } = VersionRange.None;

    public int? Tag { get; set; }

    /// <summary>Versions in which this field uses compact encodings; null means the message's.</summary>
    public VersionRange? FlexibleOverride { get; set; }

    public string? Default { get; set; }

    /// <summary>Struct fields declared inline; null for primitives and references to common structs.</summary>
    public List<FieldSpec>? Fields { get; set; }

    public bool IsNullableSomewhere => !NullableVersions.IsEmpty;

    public bool IsTagged => Tag.HasValue;
}
