using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

public class JavaPropertiesParserTests
{
    [Theory]
    [InlineData("key=value")]
    [InlineData("key = value")]
    [InlineData("key:value")]
    [InlineData("key : value")]
    [InlineData("key value")]
    [InlineData("key\tvalue")]
    [InlineData("   key=value")]
    [InlineData("\t\f key  =  value")]
    public void Separators_and_leading_whitespace(string line)
    {
        var props = JavaPropertiesParser.Parse(line);
        Assert.Equal("value", Assert.Single(props, p => p.Key == "key").Value);
    }

    [Fact]
    public void Only_the_first_separator_splits()
    {
        var props = JavaPropertiesParser.Parse("a=b=c\nd:e:f\ng h=i\nj = :k");
        Assert.Equal("b=c", props["a"]);
        Assert.Equal("e:f", props["d"]);
        Assert.Equal("h=i", props["g"]);
        Assert.Equal(":k", props["j"]);
    }

    [Fact]
    public void Comments_and_blank_lines_are_skipped()
    {
        var props = JavaPropertiesParser.Parse("# comment\n! another=comment\n\n   \n  # indented\nkey=value # not a comment\n");
        Assert.Equal(["key"], props.Keys);
        Assert.Equal("value # not a comment", props["key"]);
    }

    [Fact]
    public void Key_without_value_maps_to_empty_string()
    {
        var props = JavaPropertiesParser.Parse("alone\nequals=\ncolon:");
        Assert.Equal(string.Empty, props["alone"]);
        Assert.Equal(string.Empty, props["equals"]);
        Assert.Equal(string.Empty, props["colon"]);
    }

    [Fact]
    public void Trailing_whitespace_of_a_value_is_kept()
    {
        Assert.Equal("value  ", JavaPropertiesParser.Parse("key=value  ")["key"]);
    }

    [Fact]
    public void Continuation_joins_lines_and_drops_leading_whitespace()
    {
        var props = JavaPropertiesParser.Parse("listeners=PLAINTEXT://:9092,\\\n    SSL://:9093\nnext=1");
        Assert.Equal("PLAINTEXT://:9092,SSL://:9093", props["listeners"]);
        Assert.Equal("1", props["next"]);
    }

    [Fact]
    public void Continuation_across_several_lines_and_in_the_key()
    {
        var props = JavaPropertiesParser.Parse("fru\\\n  its = apple, \\\n  banana, \\\n  pear");
        Assert.Equal("apple, banana, pear", props["fruits"]);
    }

    [Fact]
    public void Continued_line_starting_with_hash_is_not_a_comment()
    {
        Assert.Equal("a#b", JavaPropertiesParser.Parse("key=a\\\n#b")["key"]);
    }

    [Fact]
    public void Comment_ending_in_backslash_does_not_continue()
    {
        var props = JavaPropertiesParser.Parse("# comment \\\nkey=value");
        Assert.Equal("value", props["key"]);
    }

    [Fact]
    public void Even_number_of_trailing_backslashes_is_an_escaped_backslash()
    {
        var props = JavaPropertiesParser.Parse("path=C:\\\\dir\\\\\nnext=1");
        Assert.Equal("C:\\dir\\", props["path"]);
        Assert.Equal("1", props["next"]);
    }

    [Fact]
    public void Continuation_on_the_last_line_is_harmless()
    {
        Assert.Equal("value", JavaPropertiesParser.Parse("key=value\\")["key"]);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    [InlineData("\n")]
    public void All_line_endings_are_recognised(string eol)
    {
        var props = JavaPropertiesParser.Parse($"a=1{eol}b=2\\{eol}  3{eol}");
        Assert.Equal("1", props["a"]);
        Assert.Equal("23", props["b"]);
    }

    [Fact]
    public void Escapes_in_values()
    {
        var props = JavaPropertiesParser.Parse(@"key=tab\there\nnewline\rcr\fff back\\slash \u0041\u00e9 \q");
        Assert.Equal("tab\there\nnewline\rcr\fff back\\slash A\u00e9 q", props["key"]);
    }

    [Fact]
    public void Escaped_separators_belong_to_the_key()
    {
        var props = JavaPropertiesParser.Parse(@"a\=b\:c\ d=value");
        Assert.Equal("value", props["a=b:c d"]);
    }

    [Fact]
    public void Escaped_leading_space_in_value_is_kept()
    {
        Assert.Equal("  padded", JavaPropertiesParser.Parse(@"key=\  padded")["key"]);
    }

    [Theory]
    [InlineData(@"key=\u12")]
    [InlineData(@"key=\uXYZW")]
    public void Malformed_unicode_escape_is_reported_with_its_line(string text)
    {
        var e = Assert.Throws<ConfigException>(() => JavaPropertiesParser.Parse("# first\n" + text));
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void Later_duplicate_key_wins()
    {
        Assert.Equal("2", JavaPropertiesParser.Parse("k=1\nk=2")["k"]);
    }

    [Fact]
    public void Missing_file_is_reported_by_path()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "server.properties");
        var e = Assert.Throws<ConfigException>(() => JavaPropertiesParser.ParseFile(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void File_is_read_as_utf8()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "name=caf\u00e9\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            Assert.Equal("caf\u00e9", JavaPropertiesParser.ParseFile(path)["name"]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
