using KafkaNet.Protocol.Generator.Model;

namespace KafkaNet.Protocol.Generator.Emit;

/// <summary>What every part of one message's emitter shares.</summary>
internal sealed class EmitContext
{
    private int _nextLocal;

    public EmitContext(MessageSpec spec)
    {
        Spec = spec;
        Conditions = new VersionConditions(spec.Versions);
        FlexibleCondition = Conditions.For(spec.FlexibleVersions);
    }

    public MessageSpec Spec { get; }

    public VersionConditions Conditions { get; }

    /// <summary>"true", "false" or a version test; generated methods bind it to a local named flexible.</summary>
    public string FlexibleCondition { get; }

    public bool HasFlexibleVersions => FlexibleCondition != "false";

    public const string Runtime = "global::KafkaNet.Protocol.";

    /// <summary>A fresh local variable name, so nested blocks never shadow each other.</summary>
    public string Local(string stem) => stem + (_nextLocal++).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string CompactFor(FieldSpec f) => f.FlexibleOverride.HasValue ? Conditions.For(f.FlexibleOverride.Value) : "flexible";

    public string NullableFor(FieldSpec f) => Conditions.For(f.NullableVersions);

    public string InlineFor(FieldSpec f) => Conditions.ForDifference(f.Versions, f.TaggedVersions);

    public string TaggedFor(FieldSpec f) => f.IsTagged ? Conditions.For(f.Versions.Intersect(f.TaggedVersions)) : "false";

    public string ClassOf(FieldSpec f) => TypeMapping.ElementType(f.Type, Spec);

    /// <summary>The fewest bytes one element of an array field can occupy, used to bound counts from the wire.</summary>
    public int MinimumElementSize(FieldSpec f)
    {
        if (!f.Type.IsStruct)
        {
            return TypeMapping.MinimumElementSize(f.Type.Kind);
        }
        int size = 0;
        foreach (var inner in Spec.Structs[f.Type.StructName!].Fields)
        {
            if (!inner.IsTagged && inner.Versions.Covers(Spec.Versions))
            {
                size += inner.Type.IsArray ? 1 : TypeMapping.MinimumElementSize(inner.Type.Kind);
            }
        }
        return size < 1 ? 1 : size;
    }
}
