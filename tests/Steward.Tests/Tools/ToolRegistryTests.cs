using System.Text.Json;
using Steward.Commerce.Tools;
using Steward.Tools;

namespace Steward.Tests.Tools;

/// <summary>The built-in tools as the model and MCP clients see them: names, descriptions, schemas, access.</summary>
public class ToolRegistryTests
{
    public static readonly string[] CommerceToolNames =
    [
        "list_boards", "list_board_articles", "list_orders", "find_customer_by_phone", "lookup_order", "track_shipment", "create_ticket",
        "update_order_shipping_address", "read_product", "read_supply", "read_shipping", "subscribe_restock",
    ];

    private static readonly IReadOnlyList<ToolDefinition> Tools = [.. ShopTools.Classes.SelectMany(FunctionTools.From)];

    private static ToolDefinition Tool(string name) => Tools.Single(t => t.Name == name);

    [Fact]
    public void The_twelve_commerce_tools_are_built_in_under_their_exact_names()
    {
        Assert.Equal(CommerceToolNames.Order(), Tools.Select(t => t.Name).Order());
        Assert.All(Tools, t => Assert.Equal(FunctionTools.BuiltInSource, t.Source));
    }

    [Fact]
    public void Every_tool_and_every_parameter_is_described()
    {
        foreach (var tool in Tools)
        {
            Assert.True(tool.Description.Length > 30, tool.Name);
            Assert.Equal("object", tool.InputSchema.GetProperty("type").GetString());
            Assert.False(tool.InputSchema.GetProperty("additionalProperties").GetBoolean());
            foreach (var parameter in tool.InputSchema.GetProperty("properties").EnumerateObject())
            {
                Assert.True(parameter.Value.TryGetProperty("description", out var description) && description.GetString()!.Length > 5,
                    $"{tool.Name}.{parameter.Name} has no description");
            }
        }
    }

    [Fact]
    public void Schemas_name_arguments_in_snake_case_and_require_only_what_has_no_default()
    {
        Assert.Equal(["order_id"], Required(Tool("lookup_order")));
        Assert.Equal(["address", "order_id", "phone", "recipient"], Required(Tool("update_order_shipping_address")).Order());
        Assert.Empty(Required(Tool("list_orders")));
        Assert.Empty(Required(Tool("list_boards")));
        Assert.Equal(["body", "subject"], Required(Tool("create_ticket")).Order());
        var listOrders = Tool("list_orders").InputSchema.GetProperty("properties");
        Assert.Equal(["customer_id", "from", "limit", "phone", "status", "to"], listOrders.EnumerateObject().Select(p => p.Name).Order());
        Assert.All(Tools, t => Assert.DoesNotContain("context", t.InputSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public void Only_the_tools_that_change_something_are_writes_and_the_address_change_needs_approval_by_default()
    {
        Assert.Equal(["create_ticket", "subscribe_restock", "update_order_shipping_address"],
            Tools.Where(t => t.Access == ToolAccess.Write).Select(t => t.Name).Order());
        Assert.Equal(["update_order_shipping_address"], Tools.Where(t => t.DefaultPolicy.RequiresApproval).Select(t => t.Name));
        Assert.All(Tools, t => Assert.True(t.DefaultPolicy.Enabled));
    }

    private static string[] Required(ToolDefinition tool) =>
        tool.InputSchema.TryGetProperty("required", out var required) ? [.. required.EnumerateArray().Select(r => r.GetString()!)] : [];
}

public class ToolArgumentsTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {"type":"object","additionalProperties":false,"required":["order_id"],
         "properties":{"order_id":{"type":"string"},"limit":{"type":"integer"},"product_no":{"type":["integer","null"]},
                       "unanswered_only":{"type":"boolean"},"category":{"type":"string","enum":["refund","general"]}}}
        """).RootElement;

    private static Dictionary<string, string> Validate(string json) => ToolArguments.Validate(Schema, JsonDocument.Parse(json).RootElement);

    [Theory]
    [InlineData("""{"order_id":"20240101-0000123"}""")]
    [InlineData("""{"order_id":"x","limit":5,"product_no":null,"unanswered_only":true,"category":"refund"}""")]
    public void Valid_arguments_have_no_problems(string json) => Assert.Empty(Validate(json));

    [Theory]
    [InlineData("""{}""", "order_id", "Required.")]
    [InlineData("""{"order_id":null}""", "order_id", "Required.")]
    [InlineData("""{"order_id":123}""", "order_id", "Must be string.")]
    [InlineData("""{"order_id":"x","limit":1.5}""", "limit", "Must be integer.")]
    [InlineData("""{"order_id":"x","limit":"5"}""", "limit", "Must be integer.")]
    [InlineData("""{"order_id":"x","unanswered_only":"yes"}""", "unanswered_only", "Must be boolean.")]
    [InlineData("""{"order_id":"x","category":"other"}""", "category", "Must be one of [\"refund\",\"general\"].")]
    [InlineData("""{"order_id":"x","orderId":"y"}""", "orderId", "Unknown argument.")]
    public void Each_problem_is_named_after_its_argument(string json, string argument, string problem) =>
        Assert.Equal(problem, Validate(json)[argument]);

    [Theory]
    [InlineData("[]")]
    [InlineData("\"order\"")]
    [InlineData("null")]
    public void Arguments_must_be_an_object(string json) => Assert.Equal("Arguments must be a JSON object.", Validate(json)["arguments"]);

    [Fact]
    public void An_open_schema_lets_unknown_arguments_through()
    {
        var open = JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"string"}}}""").RootElement;
        Assert.Empty(ToolArguments.Validate(open, JsonDocument.Parse("""{"b":1}""").RootElement));
    }
}
