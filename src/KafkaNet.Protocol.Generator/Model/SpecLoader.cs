using System;
using System.Collections.Generic;
using KafkaNet.Protocol.Generator.Json;

namespace KafkaNet.Protocol.Generator.Model;

/// <summary>Turns a parsed spec file into a validated <see cref="MessageSpec"/>.</summary>
internal static class SpecLoader
{
    public static MessageSpec Load(string text)
    {
        JsonValue root;
        try
        {
            root = JsonReader.Parse(text);
        }
        catch (FormatException e)
        {
            throw new SpecException("invalid JSON: " + e.Message, 1);
        }
        if (root.Kind != JsonKind.Object)
        {
            throw new SpecException("a spec file must hold one JSON object", root.Line);
        }

        string name = Identifier(root, "name");
        MessageKind kind = ParseKind(RequiredString(root, "kind"), root.Line);
        var versions = Range(root, "versions", required: true);
        var flexible = Range(root, "flexibleVersions", required: false);
        var fields = LoadFields(Required(root, "fields"));
        var spec = new MessageSpec(name, kind, versions, flexible, fields);

        var apiKey = root.Get("apiKey");
        if (apiKey != null)
        {
            if (apiKey.Kind != JsonKind.Number || !short.TryParse(apiKey.Text, out short key) || key < 0)
            {
                throw new SpecException("apiKey must be a non-negative 16-bit number", apiKey.Line);
            }
            spec.ApiKey = key;
        }
        else if (kind == MessageKind.Request || kind == MessageKind.Response || kind == MessageKind.Metadata)
        {
            throw new SpecException("a " + kind.ToString().ToLowerInvariant() + " needs an apiKey", root.Line);
        }
        spec.LatestVersionUnstable = root.Get("latestVersionUnstable")?.Kind == JsonKind.True;
        var listeners = root.Get("listeners");
        if (listeners?.Items != null)
        {
            foreach (var l in listeners.Items)
            {
                spec.Listeners.Add(l.Text ?? "");
            }
        }

        var structs = root.Get("structs");
        if (structs != null)
        {
            if (structs.Items == null)
            {
                throw new SpecException("'structs' must be an array", structs.Line);
            }
            foreach (var s in structs.Items)
            {
                string structName = Identifier(s, "name");
                AddStruct(spec, new StructSpec(structName, LoadFields(Required(s, "fields"))), s.Line);
            }
        }
        CollectInlineStructs(spec, spec.Fields);
        Validate(spec, spec.Fields, root.Line);
        foreach (var s in spec.Structs.Values)
        {
            Validate(spec, s.Fields, root.Line);
        }
        Naming.Assign(spec);
        return spec;
    }

    private static List<FieldSpec> LoadFields(JsonValue array)
    {
        if (array.Items == null)
        {
            throw new SpecException("'fields' must be an array", array.Line);
        }
        var result = new List<FieldSpec>();
        var seen = new HashSet<string>();
        foreach (var f in array.Items)
        {
            string name = Identifier(f, "name");
            if (!seen.Add(name))
            {
                throw new SpecException("field '" + name + "' is declared twice", f.Line);
            }
            FieldType type;
            try
            {
                type = FieldType.Parse(RequiredString(f, "type"));
            }
            catch (FormatException e)
            {
                throw new SpecException("field '" + name + "': " + e.Message, f.Line);
            }
            var field = new FieldSpec(name, type, Range(f, "versions", required: true))
            {
                NullableVersions = Range(f, "nullableVersions", required: false),
                TaggedVersions = Range(f, "taggedVersions", required: false),
            };
            var tag = f.Get("tag");
            if (tag != null)
            {
                if (tag.Kind != JsonKind.Number || !int.TryParse(tag.Text, out int t) || t < 0)
                {
                    throw new SpecException("field '" + name + "': tag must be a non-negative number", tag.Line);
                }
                field.Tag = t;
            }
            if (f.Get("flexibleVersions") != null)
            {
                field.FlexibleOverride = Range(f, "flexibleVersions", required: true);
            }
            var def = f.Get("default");
            if (def != null)
            {
                field.Default = def.Kind == JsonKind.Null ? "null" : def.Text;
            }
            var nested = f.Get("fields");
            if (nested != null)
            {
                if (!type.IsStruct)
                {
                    throw new SpecException("field '" + name + "' has nested fields but type " + RequiredString(f, "type"), f.Line);
                }
                field.Fields = LoadFields(nested);
            }
            result.Add(field);
        }
        return result;
    }

    private static void CollectInlineStructs(MessageSpec spec, List<FieldSpec> fields)
    {
        foreach (var f in fields)
        {
            if (f.Fields != null)
            {
                AddStruct(spec, new StructSpec(f.Type.StructName!, f.Fields), 0);
                CollectInlineStructs(spec, f.Fields);
            }
        }
    }

    private static void AddStruct(MessageSpec spec, StructSpec s, int line)
    {
        if (spec.Structs.ContainsKey(s.Name))
        {
            throw new SpecException("struct '" + s.Name + "' is declared twice", line);
        }
        spec.Structs.Add(s.Name, s);
        if (line != 0)
        {
            CollectInlineStructs(spec, s.Fields);
        }
    }

    private static void Validate(MessageSpec spec, List<FieldSpec> fields, int line)
    {
        var tags = new HashSet<int>();
        foreach (var f in fields)
        {
            string where = spec.Name + "." + f.Name;
            if (f.Type.IsStruct && !spec.Structs.ContainsKey(f.Type.StructName!))
            {
                throw new SpecException(where + ": unknown struct type '" + f.Type.StructName + "'", line);
            }
            if (!f.NullableVersions.IsEmpty && !CanBeNull(f.Type))
            {
                throw new SpecException(where + ": a " + f.Type.Kind + " cannot be nullable", line);
            }
            if (f.Tag.HasValue != !f.TaggedVersions.IsEmpty)
            {
                throw new SpecException(where + ": 'tag' and 'taggedVersions' go together", line);
            }
            if (f.Tag.HasValue)
            {
                if (!tags.Add(f.Tag.Value))
                {
                    throw new SpecException(where + ": tag " + f.Tag.Value + " is used twice", line);
                }
                if (!spec.FlexibleVersions.Covers(f.TaggedVersions.Intersect(spec.Versions)))
                {
                    throw new SpecException(where + ": tagged versions " + f.TaggedVersions + " are not all flexible", line);
                }
            }
            if (f.Type.Kind == PrimitiveKind.Records && f.Type.IsArray)
            {
                throw new SpecException(where + ": records cannot be an array", line);
            }
        }
    }

    private static bool CanBeNull(FieldType type) =>
        type.IsArray || type.IsStruct || type.Kind == PrimitiveKind.String || type.Kind == PrimitiveKind.Bytes || type.Kind == PrimitiveKind.Records;

    private static MessageKind ParseKind(string text, int line)
    {
        switch (text)
        {
            case "request": return MessageKind.Request;
            case "response": return MessageKind.Response;
            case "header": return MessageKind.Header;
            case "data": return MessageKind.Data;
            case "metadata": return MessageKind.Metadata;
            default: throw new SpecException("unknown kind '" + text + "'", line);
        }
    }

    private static VersionRange Range(JsonValue obj, string name, bool required)
    {
        var v = obj.Get(name);
        if (v == null)
        {
            if (required)
            {
                throw new SpecException("'" + name + "' is required", obj.Line);
            }
            return VersionRange.None;
        }
        if (v.Kind != JsonKind.String)
        {
            throw new SpecException("'" + name + "' must be a version range string", v.Line);
        }
        try
        {
            return VersionRange.Parse(v.Text!);
        }
        catch (FormatException e)
        {
            throw new SpecException("'" + name + "': " + e.Message, v.Line);
        }
    }

    private static JsonValue Required(JsonValue obj, string name) =>
        obj.Get(name) ?? throw new SpecException("'" + name + "' is required", obj.Line);

    private static string RequiredString(JsonValue obj, string name)
    {
        var v = Required(obj, name);
        if (v.Kind != JsonKind.String)
        {
            throw new SpecException("'" + name + "' must be a string", v.Line);
        }
        return v.Text!;
    }

    private static string Identifier(JsonValue obj, string name)
    {
        string text = RequiredString(obj, name);
        if (text.Length == 0 || !char.IsUpper(text[0]))
        {
            throw new SpecException("'" + text + "' is not a PascalCase name", obj.Line);
        }
        foreach (char c in text)
        {
            if (!char.IsLetterOrDigit(c))
            {
                throw new SpecException("'" + text + "' is not a PascalCase name", obj.Line);
            }
        }
        return text;
    }
}
