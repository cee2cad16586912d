using System.Text;

namespace VendorRisk.IntegrationTests.Templates;

/// <summary>
/// A goto-style branching questionnaire of our own (docs/formats/branching.md), as another assessment tool exports it: answers say which
/// question comes next, options carry weighted risks and scores. 11 questions in 3 sections; four are skipped by some answer.
/// </summary>
internal static class BranchingFixtures
{
    public const string Triage = """
        {
          "title": "AI supplier triage",
          "description": "Exported from a branching assessment tool.",
          "sections": [
            {
              "title": "AI use",
              "questions": [
                { "id": "uses_ai", "type": "yesno", "text": "Does the service use AI models?", "weight": 2,
                  "options": [ { "value": "yes", "label": "Yes", "risk": 3 }, { "value": "no", "label": "No", "risk": 0, "goto": "data_location" } ] },
                { "id": "model_kind", "type": "choice", "text": "Which kind of model?",
                  "options": [ { "value": "llm", "label": "Large language model", "risk": 3 },
                               { "value": "classic", "label": "Classic machine learning", "risk": 1, "goto": "training" },
                               { "value": "other", "label": "Other", "risk": 2 } ] },
                { "id": "llm_provider", "type": "text", "text": "Which LLM provider do you use?", "required": false },
                { "id": "training", "type": "yesno", "text": "Are models trained on customer data?", "weight": 3,
                  "options": [ { "value": "yes", "label": "Yes", "risk": 5, "score": 0 }, { "value": "no", "label": "No", "risk": 0, "score": 100 } ] }
              ]
            },
            {
              "title": "Data",
              "questions": [
                { "id": "data_location", "type": "choice", "text": "Where is customer data stored?",
                  "options": [ { "label": "EU" }, { "label": "US" }, { "label": "Elsewhere" } ] },
                { "id": "subprocessors", "type": "yesno", "text": "Do sub-processors handle customer data?",
                  "options": [ { "value": "yes", "label": "Yes" }, { "value": "no", "label": "No", "goto": "incidents" } ] },
                { "id": "subprocessor_list", "type": "textarea", "text": "List the sub-processors and what they do.", "help": "One per line." }
              ]
            },
            {
              "title": "Security",
              "questions": [
                { "id": "incidents", "type": "yesno", "text": "Had the service a security incident in the last 24 months?",
                  "options": [ { "value": "yes", "label": "Yes" }, { "value": "no", "label": "No", "goto": "mfa" } ] },
                { "id": "incident_details", "type": "textarea", "text": "Describe the incidents and what changed since." },
                { "id": "mfa", "type": "choice", "text": "Is multi-factor authentication enforced?", "weight": 3,
                  "options": [ { "value": "all", "label": "For everyone", "score": 100 }, { "value": "admins", "label": "For administrators", "score": 50 },
                               { "value": "none", "label": "No", "score": 0, "risk": 4 } ] },
                { "id": "security_staff", "type": "number", "text": "How many people work on security?", "next": "end" }
              ]
            }
          ]
        }
        """;

    public static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);
}
