// The floor of the web benchmark: a bare Dear ImGui + GLFW + WebGL2 app built with the portal's
// release flags. scripts/bench-web compares the portal's size and start-up time against it.
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

namespace {

struct Floor {
    GLFWwindow* window = nullptr;
    bool reported = false;
};

EM_JS(void, report_first_frame, (), { window.floorFirstFrameMs = performance.now(); });

void Frame(void* user) {
    auto* floor = static_cast<Floor*>(user);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    ImGui::Begin("Floor");
    ImGui::TextUnformatted("A bare Dear ImGui app");
    ImGui::End();
    ImGui::Render();
    int width = 0, height = 0;
    glfwGetFramebufferSize(floor->window, &width, &height);
    glViewport(0, 0, width, height);
    glClearColor(1, 1, 1, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (!floor->reported) {
        floor->reported = true;
        report_first_frame();
    }
}

}  // namespace

int main() {
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    auto* floor = new Floor();
    floor->window = glfwCreateWindow(1280, 720, "floor", nullptr, nullptr);
    glfwMakeContextCurrent(floor->window);
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui_ImplGlfw_InitForOpenGL(floor->window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    emscripten_set_main_loop_arg(Frame, floor, 0, false);
    return 0;
}
