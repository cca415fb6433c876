using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Steward.Tools;

/// <summary>
/// Turns the <see cref="ToolAttribute"/> methods of a class into registry entries through
/// <see cref="AIFunctionFactory"/>, so the JSON schema comes from the parameters and their descriptions, and the same
/// function can be handed to a chat model. A <see cref="ToolContext"/> parameter is bound by Steward, not the caller.
/// </summary>
public static class FunctionTools
{
    public const string BuiltInSource = "builtin";

    private static readonly object ContextKey = typeof(ToolContext);

    private static readonly AIFunctionFactoryOptions.ParameterBindingOptions ContextBinding = new()
    {
        ExcludeFromSchema = true,
        BindParameter = (_, arguments) => arguments.Context![ContextKey],
    };

    public static IEnumerable<ToolDefinition> From(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(method => (Method: method, Tool: method.GetCustomAttribute<ToolAttribute>()))
            .Where(pair => pair.Tool is not null)
            .Select(pair => Create(pair.Method, pair.Tool!));

    private static ToolDefinition Create(MethodInfo method, ToolAttribute tool)
    {
        if (method.ReturnType != typeof(Task<ToolResult>))
        {
            throw new InvalidOperationException($"Tool {tool.Name} must return Task<ToolResult>.");
        }

        var function = AIFunctionFactory.Create(method, target: null, new AIFunctionFactoryOptions
        {
            Name = tool.Name,
            Description = method.GetCustomAttribute<DescriptionAttribute>()?.Description
                ?? throw new InvalidOperationException($"Tool {tool.Name} needs a [Description]."),
            SerializerOptions = ToolResult.Json,
            ConfigureParameterBinding = parameter => parameter.ParameterType == typeof(ToolContext) ? ContextBinding : default,
            MarshalResult = (result, _, _) => new ValueTask<object?>(result),
            ExcludeResultSchema = true,
        });

        return new ToolDefinition(
            tool.Name,
            function.Description,
            Strict(function.JsonSchema),
            tool.Access,
            new ToolPolicy(Enabled: true, tool.RequiresApprovalByDefault, tool.CallsPerMinuteByDefault),
            BuiltInSource,
            async (context, arguments, cancellationToken) =>
            {
                var functionArguments = new AIFunctionArguments
                {
                    Services = context.Services,
                    Context = new Dictionary<object, object?> { [ContextKey] = context },
                };
                foreach (var property in arguments.EnumerateObject())
                {
                    functionArguments[property.Name] = property.Value;
                }

                return (ToolResult)(await function.InvokeAsync(functionArguments, cancellationToken))!;
            });
    }

    /// <summary>Built-in tools take exactly the arguments they describe: an unknown name is a mistake worth reporting.</summary>
    private static JsonElement Strict(JsonElement schema)
    {
        var node = JsonNode.Parse(schema.GetRawText())!.AsObject();
        node["additionalProperties"] = false;
        return JsonSerializer.SerializeToElement(node);
    }
}
