<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>@default</name>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="92"/>
        <source>Open Image Folder…</source>
        <translation>打开图像文件夹…</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="92"/>
        <source>Choose the folder of images to classify</source>
        <translation>选择要分类的图像文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="93"/>
        <source>Open Image…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="93"/>
        <source>Look at a single image</source>
        <translation>查看单张图像</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="94"/>
        <source>Choose Save Folder…</source>
        <translation>选择保存文件夹…</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="94"/>
        <source>Where overlays and results are written</source>
        <translation>叠加图和结果的保存位置</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="95"/>
        <source>Load Model…</source>
        <translation>加载模型…</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="95"/>
        <source>Load a model file (.pt/.pth)</source>
        <translation>加载模型文件（.pt/.pth）</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="96"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="96"/>
        <source>Classify the whole folder</source>
        <translation>对整个文件夹进行分类</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="97"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="97"/>
        <source>Stop classifying</source>
        <translation>停止分类</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="98"/>
        <source>Previous</source>
        <translation>上一张</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="98"/>
        <source>Previous image</source>
        <translation>上一张图像</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="99"/>
        <source>Next</source>
        <translation>下一张</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="99"/>
        <source>Next image</source>
        <translation>下一张图像</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="100"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="100"/>
        <source>Autoplay through the images</source>
        <translation>自动逐张播放图像</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="101"/>
        <source>Export Results…</source>
        <translation>导出结果…</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="101"/>
        <source>Save the results as CSV or text</source>
        <translation>将结果保存为 CSV 或文本文件</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="102"/>
        <source>Copy Misclassified Images…</source>
        <translation>复制误分类图像…</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="102"/>
        <source>Copy or move the wrongly classified images to a folder for review</source>
        <translation>将分类错误的图像复制或移动到文件夹中以供检查</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="104"/>
        <source>Zoom In</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="104"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="105"/>
        <source>Zoom Out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="105"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="106"/>
        <source>Fit to Window</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="106"/>
        <source>Fit the images to the window</source>
        <translation>缩放图像以适应窗口</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="107"/>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="107"/>
        <source>List the keyboard shortcuts</source>
        <translation>列出所有键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="108"/>
        <source>About GradLens</source>
        <translation>关于 GradLens</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="108"/>
        <source>About this program</source>
        <translation>关于本程序</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="109"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="109"/>
        <source>Close GradLens</source>
        <translation>关闭 GradLens</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="112"/>
        <source>Side by Side</source>
        <translation>并排显示</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="112"/>
        <source>Original Only</source>
        <translation>仅原图</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="112"/>
        <source>Heatmap Only</source>
        <translation>仅热力图</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="112"/>
        <source>Overlay Only</source>
        <translation>仅叠加图</translation>
    </message>
</context>
<context>
    <name>CamControls</name>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="24"/>
        <source>Gradient-weighted class activation map (fast)</source>
        <translation>梯度加权类激活图（快）</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="25"/>
        <source>Grad-CAM with higher-order gradient weights; its maps barely change when the model's weights are randomised: check before trusting (fast)</source>
        <translation>使用高阶梯度权重的 Grad-CAM；随机化模型权重后其热力图几乎不变：信任前请先检验（快）</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="27"/>
        <source>Grad-CAM with activation-scaled gradients, axiom-based (fast)</source>
        <translation>用激活值缩放梯度的 Grad-CAM，基于公理（快）</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="29"/>
        <source>Element-wise gradient × activation, without Grad-CAM's averaging of the gradients (fast)</source>
        <translation>逐元素计算梯度 × 激活，不像 Grad-CAM 那样对梯度求平均（快）</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="31"/>
        <source>Positive gradients per location; finer detail, works on early layers; its maps change little when the weights are randomised (fast)</source>
        <translation>逐位置取正梯度；细节更精细，也适用于浅层；随机化权重后热力图变化很小（快）</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="33"/>
        <source>Main component of gradient × activation; cleaner maps that hardly depend on the learned weights (fast)</source>
        <translation>梯度 × 激活的主成分；热力图更干净，但几乎不依赖学到的权重（快）</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="35"/>
        <source>Main component of the activations; ignores the target class and hardly depends on the learned weights (fast)</source>
        <translation>激活的主成分；不考虑目标类别，且几乎不依赖学到的权重（快）</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="37"/>
        <source>Perturbation-based; its maps change little when the weights are randomised; slow (one forward pass per channel)</source>
        <translation>基于扰动；随机化权重后热力图变化很小；慢（每个通道一次前向传播）</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="39"/>
        <source>Zeroes each channel and measures the score drop; slow (one pass per channel)</source>
        <translation>逐个将通道置零并测量得分下降；慢（每个通道一次前向传播）</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="41"/>
        <source>Gradients of every layer&apos;s biases combined; ignores the target layer (slower)</source>
        <translation>合并各层偏置的梯度；不考虑目标层（较慢）</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="43"/>
        <source>Game-theoretic weights from gradients and second derivatives (slower)</source>
        <translation>基于梯度和二阶导数的博弈论权重（较慢）</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="45"/>
        <source>What sets the class apart from the most similar classes (slower)</source>
        <translation>突出该类别与最相似类别的区别（较慢）</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="225"/>
        <source>How the heatmap is computed</source>
        <translation>热力图的计算方法</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="67"/>
        <source>Which class the heatmap explains: the predicted one, or any class</source>
        <translation>热力图要解释的类别：预测类别或任意类别</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="68"/>
        <source>The layer whose activations make the heatmap; later layers give coarser, more semantic maps</source>
        <translation>用于生成热力图的激活所在的层；越靠后的层，热力图越粗糙、语义性越强</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="70"/>
        <source>Colours used to draw the heatmap</source>
        <translation>绘制热力图所用的颜色</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="71"/>
        <source>Predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="78"/>
        <source>Heatmap opacity over the image (0% = image only)</source>
        <translation>热力图叠加在图像上的不透明度（0% = 仅显示图像）</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="94"/>
        <source>&amp;Method:</source>
        <translation>方法(&amp;M):</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="95"/>
        <source>&amp;Target class:</source>
        <translation>目标类别(&amp;T):</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="96"/>
        <source>&amp;Layer:</source>
        <translation>层(&amp;L):</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="97"/>
        <source>&amp;Opacity:</source>
        <translation>不透明度(&amp;O):</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="98"/>
        <source>&amp;Colour map:</source>
        <translation>颜色映射(&amp;C):</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/cam_controls.py" line="161"/>
        <source>%1 (default)</source>
        <translation>%1（默认）</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixView</name>
    <message>
        <location filename="../../ui/viewer/metrics_panel.py" line="94"/>
        <source>true {0} → predicted {1}: 1 image</source>
        <translation>真实 {0} → 预测 {1}：1 张图像</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/metrics_panel.py" line="95"/>
        <source>true {0} → predicted {1}: {2} images</source>
        <translation>真实 {0} → 预测 {1}：{2} 张图像</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/metrics_panel.py" line="115"/>
        <source>No classes</source>
        <translation>无类别</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/metrics_panel.py" line="166"/>
        <source>Predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/metrics_panel.py" line="171"/>
        <source>True</source>
        <translation>真实</translation>
    </message>
</context>
<context>
    <name>ImagePanel</name>
    <message>
        <location filename="../../ui/viewer/image_panel.py" line="66"/>
        <source>Ctrl+wheel or +/− to zoom, drag to pan, 0 to fit, 1 for actual size, double-click to toggle</source>
        <translation>Ctrl+滚轮或 +/− 缩放，拖动平移，0 适应窗口，1 实际大小，双击在两者间切换</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/image_panel.py" line="272"/>
        <source>No image</source>
        <translation>无图像</translation>
    </message>
</context>
<context>
    <name>ImageTriptych</name>
    <message>
        <location filename="../../ui/viewer/image_panel.py" line="365"/>
        <source>Original</source>
        <translation>原图</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/image_panel.py" line="365"/>
        <source>Heatmap</source>
        <translation>热力图</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/image_panel.py" line="365"/>
        <source>Overlay</source>
        <translation>叠加图</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/image_panel.py" line="366"/>
        <source>No image</source>
        <translation>无图像</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/image_panel.py" line="366"/>
        <source>No heatmap</source>
        <translation>无热力图</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/image_panel.py" line="427"/>
        <source>Predicted: &lt;b&gt;%1&lt;/b&gt; (%2%)</source>
        <translation>预测：&lt;b&gt;%1&lt;/b&gt;（%2%）</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/image_panel.py" line="432"/>
        <source>True: %1</source>
        <translation>真实：%1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="47"/>
        <source>Results appear here as they arrive.</source>
        <translation>结果产生后会显示在这里。</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="51"/>
        <source>Top-k</source>
        <translation>前 k 个类别</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="52"/>
        <source>Heatmap</source>
        <translation>热力图</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="53"/>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="54"/>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="56"/>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="123"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="133"/>
        <source>Navigation</source>
        <translation>导航</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="140"/>
        <source>Move through the images</source>
        <translation>浏览图像</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="142"/>
        <source>Image number</source>
        <translation>图像序号</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="145"/>
        <source>Autoplay interval (can be changed while playing)</source>
        <translation>自动播放间隔（播放时也可调整）</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="146"/>
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="147"/>
        <source>Start again at the first image after the last</source>
        <translation>播放到最后一张后从第一张重新开始</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="151"/>
        <source>Interval</source>
        <translation>间隔</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="163"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="166"/>
        <source>Recent Folders</source>
        <translation>最近的文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="167"/>
        <source>Recent Models</source>
        <translation>最近的模型</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="175"/>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="178"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="187"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="192"/>
        <source>No model</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="226"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="226"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/main_window.py" line="144"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
</context>
<context>
    <name>MetricsPanel</name>
    <message>
        <location filename="../../ui/viewer/metrics_panel.py" line="335"/>
        <source>Accuracy {0} % (n = {1})</source>
        <translation>准确率 {0}%（n = {1}）</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/metrics_panel.py" line="338"/>
        <source>Accuracy — (n = 0)</source>
        <translation>准确率 —（n = 0）</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/metrics_panel.py" line="356"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/metrics_panel.py" line="356"/>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/metrics_panel.py" line="356"/>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/metrics_panel.py" line="356"/>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/metrics_panel.py" line="356"/>
        <source>Support</source>
        <translation>样本数</translation>
    </message>
</context>
<context>
    <name>ModelLoader</name>
    <message>
        <location filename="../../app/model_loader.py" line="22"/>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../../app/model_loader.py" line="27"/>
        <source>cannot start the engine: {0}</source>
        <translation>无法启动推理引擎：{0}</translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <location filename="../../ui/viewer/results_model.py" line="113"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_model.py" line="113"/>
        <source>Predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_model.py" line="113"/>
        <source>Probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_model.py" line="113"/>
        <source>True class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_model.py" line="113"/>
        <source>✓/✗</source>
        <translation>✓/✗</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_model.py" line="113"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_model.py" line="116"/>
        <source>Whether the prediction matches the true class</source>
        <translation>预测是否与真实类别一致</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_model.py" line="168"/>
        <source>Top {0}:</source>
        <translation>前 {0} 名：</translation>
    </message>
</context>
<context>
    <name>ResultsPanel</name>
    <message>
        <location filename="../../ui/viewer/results_panel.py" line="398"/>
        <source>cell filter: true {0} → predicted {1}  ✕</source>
        <translation>单元格筛选：真实 {0} → 预测 {1}  ✕</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_panel.py" line="273"/>
        <source>Remove the confusion-matrix cell filter</source>
        <translation>移除混淆矩阵单元格筛选</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_panel.py" line="372"/>
        <source>{0} of {1} shown</source>
        <translation>显示 {0} / {1}</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_panel.py" line="382"/>
        <source>Search file names…</source>
        <translation>搜索文件名…</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_panel.py" line="383"/>
        <source>Show files whose path contains this text (any case)</source>
        <translation>显示路径中包含此文本的文件（不区分大小写）</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_panel.py" line="384"/>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_panel.py" line="385"/>
        <source>Any predicted</source>
        <translation>全部预测类别</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_panel.py" line="386"/>
        <source>Show one predicted class</source>
        <translation>只显示某一预测类别</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_panel.py" line="387"/>
        <source>Any true class</source>
        <translation>全部真实类别</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_panel.py" line="388"/>
        <source>Show one true class (the image&apos;s folder)</source>
        <translation>只显示某一真实类别（即图像所在的文件夹）</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_panel.py" line="389"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_panel.py" line="389"/>
        <source>Correct</source>
        <translation>正确</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_panel.py" line="389"/>
        <source>Incorrect</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_panel.py" line="389"/>
        <source>Unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_panel.py" line="392"/>
        <source>Show correct, incorrect or unreadable images</source>
        <translation>显示分类正确、错误或无法读取的图像</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_panel.py" line="393"/>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_panel.py" line="394"/>
        <source>Lowest probability of the predicted class</source>
        <translation>预测类别的最低概率</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/results_panel.py" line="395"/>
        <source>Highest probability of the predicted class</source>
        <translation>预测类别的最高概率</translation>
    </message>
</context>
<context>
    <name>TopKBars</name>
    <message>
        <location filename="../../ui/viewer/topk_bars.py" line="47"/>
        <source>Class probabilities, best first; hover a row for the exact value</source>
        <translation>各类别概率，从高到低排列；鼠标悬停在某行上可查看精确值</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/topk_bars.py" line="81"/>
        <source>True class %1 is not in the top %2</source>
        <translation>真实类别 %1 不在前 %2 名中</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/topk_bars.py" line="158"/>
        <source>No prediction</source>
        <translation>无预测</translation>
    </message>
</context>
<context>
    <name>self.window</name>
    <message>
        <location filename="../../app/controller.py" line="156"/>
        <source>Open Image Folder</source>
        <translation>打开图像文件夹</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="161"/>
        <source>Open Image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="161"/>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp);;All files (*)</source>
        <translation>图像 (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="167"/>
        <source>Choose Save Folder</source>
        <translation>选择保存文件夹</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="170"/>
        <source>Overlays and results will be saved to {0}</source>
        <translation>叠加图和结果将保存到 {0}</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="175"/>
        <source>Load Model</source>
        <translation>加载模型</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="175"/>
        <source>Model files (*.pt *.pth *.ckpt *.bin);;All files (*)</source>
        <translation>模型文件 (*.pt *.pth *.ckpt *.bin);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="190"/>
        <source>Loading {0}…</source>
        <translation>正在加载 {0}…</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="197"/>
        <source>Folder not found</source>
        <translation>找不到文件夹</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="202"/>
        <source>Scanning {0}…</source>
        <translation>正在扫描 {0}…</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="207"/>
        <source>Cannot read folder</source>
        <translation>无法读取文件夹</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="214"/>
        <source>{0} images in {1}</source>
        <translation>{1} 中有 {0} 张图像</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="219"/>
        <source>No images found in this folder.</source>
        <translation>此文件夹中没有找到图像。</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="276"/>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="294"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="302"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="364"/>
        <source>Classification failed</source>
        <translation>分类失败</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="400"/>
        <source>Load a model to classify and explain images.</source>
        <translation>请加载模型，以对图像进行分类和解释。</translation>
    </message>
</context>
<context>
    <name>w</name>
    <message>
        <location filename="../../app/controller.py" line="107"/>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="108"/>
        <source>About GradLens</source>
        <translation>关于 GradLens</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="232"/>
        <source>Model: {0} ({1}, {2} classes)</source>
        <translation>模型：{0}（{1}，{2} 个类别）</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="234"/>
        <source>model note: {0}</source>
        <translation>模型备注：{0}</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="254"/>
        <source>Model: {0}</source>
        <translation>模型：{0}</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="254"/>
        <source>No model</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="256"/>
        <source>cannot load {0}: {1}</source>
        <translation>无法加载 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="259"/>
        <source>Untrusted model file</source>
        <translation>不受信任的模型文件</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="259"/>
        <source>Open it anyway? Only do this for files from a source you trust.</source>
        <translation>仍要打开吗？请仅对来自可信来源的文件这样做。</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="265"/>
        <source>The previous model stays loaded.</source>
        <translation>仍使用之前加载的模型。</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="266"/>
        <source>Cannot load model</source>
        <translation>无法加载模型</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="309"/>
        <source>Replace earlier results?</source>
        <translation>替换之前的结果？</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="309"/>
        <source>Replace them with this run&apos;s files?</source>
        <translation>要用本次运行的文件替换它们吗？</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="315"/>
        <source>Not run: choose another save folder to keep the earlier results.</source>
        <translation>未运行：如需保留之前的结果，请选择其他保存文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="345"/>
        <source>{0:.1f} images/s, {1} left</source>
        <translation>{0:.1f} 张/秒，剩余 {1}</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="352"/>
        <source>Done: {0} images in {1}</source>
        <translation>完成：{0} 张图像，用时 {1}</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="356"/>
        <source>results.csv, results.txt and overlays written to {0}</source>
        <translation>results.csv、results.txt 和叠加图已写入 {0}</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="442"/>
        <source>Cannot show this file: {0}</source>
        <translation>无法显示此文件：{0}</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="483"/>
        <source>Nothing to export</source>
        <translation>没有可导出的内容</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="483"/>
        <source>Run a classification first.</source>
        <translation>请先运行分类。</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="485"/>
        <source>Export Results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="485"/>
        <source>CSV (*.csv);;Text (*.txt)</source>
        <translation>CSV (*.csv);;文本 (*.txt)</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="497"/>
        <source>Exported to {0}</source>
        <translation>已导出到 {0}</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="497"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="504"/>
        <source>No misclassified images</source>
        <translation>没有误分类的图像</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="504"/>
        <source>Run a labelled folder first: images are compared with their folder&apos;s class.</source>
        <translation>请先对带标签的文件夹运行分类：图像会与其所在文件夹的类别进行比较。</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="507"/>
        <source>Folder for the misclassified images</source>
        <translation>存放误分类图像的文件夹</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="510"/>
        <source>Copy or move?</source>
        <translation>复制还是移动？</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="510"/>
        <source>{0} misclassified images will go to {1}, in sub-folders named 'true class → predicted'.</source>
        <translation>{0} 张误分类图像将放入 {1}，按“真实类别 → 预测类别”分到各子文件夹中。</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="513"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="514"/>
        <source>Move</source>
        <translation>移动</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="523"/>
        <source>{0} images {1} to {2}</source>
        <translation>{0} 张图像已{1}到 {2}</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="523"/>
        <source>moved</source>
        <translation>移动</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="523"/>
        <source>copied</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="523"/>
        <source>Copy failed</source>
        <translation>复制失败</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="523"/>
        <source>Move failed</source>
        <translation>移动失败</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../../ui/viewer/dialogs.py" line="25"/>
        <source>&lt;h3&gt;GradLens {0}&lt;/h3&gt;&lt;p&gt;Train image classifiers, classify folders of images, and see why the model decided: a Grad-CAM heatmap on every prediction.&lt;/p&gt;&lt;p&gt;Built on PyTorch, torchvision, pytorch-grad-cam and Qt {1} (PyQt {2}).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;GradLens {0}&lt;/h3&gt;&lt;p&gt;训练图像分类器，对整个文件夹的图像进行分类，并查看模型做出判断的依据：每个预测都附有 Grad-CAM 热力图。&lt;/p&gt;&lt;p&gt;基于 PyTorch、torchvision、pytorch-grad-cam 和 Qt {1}（PyQt {2}）构建。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="561"/>
        <source>&lt;b&gt;{0}&lt;/b&gt; — predicted &lt;b&gt;{1}&lt;/b&gt; ({2:.1%})</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt; — 预测为 &lt;b&gt;{1}&lt;/b&gt;（{2:.1%}）</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="564"/>
        <source> — true {0} {1}</source>
        <translation> — 真实类别 {0} {1}</translation>
    </message>
    <message>
        <location filename="../../app/controller.py" line="566"/>
        <source> — heatmap for &lt;i&gt;{0}&lt;/i&gt;</source>
        <translation> — &lt;i&gt;{0}&lt;/i&gt; 的热力图</translation>
    </message>
    <message>
        <location filename="../../app/main.py" line="49"/>
        <source>No model: load one with File → Load Model (Ctrl+M)</source>
        <translation>未加载模型：请通过“文件 → 加载模型”（Ctrl+M）加载</translation>
    </message>
    <message>
        <location filename="../../app/main.py" line="70"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../app/main.py" line="70"/>
        <source>{0}

GradLens carries on; details are in {1}</source>
        <translation>{0}

GradLens 将继续运行；详细信息见 {1}</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/dialogs.py" line="17"/>
        <source>Ctrl + wheel</source>
        <translation>Ctrl + 滚轮</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/dialogs.py" line="17"/>
        <source>Zoom the images</source>
        <translation>缩放图像</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/dialogs.py" line="18"/>
        <source>Double-click</source>
        <translation>双击</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/dialogs.py" line="18"/>
        <source>Show a result row</source>
        <translation>查看结果行</translation>
    </message>
</context>
<context>
    <name>@default</name>
    <message>
        <source>Red: the class probability as the heatmap's most relevant pixels are blurred away (0 → 100 %); green: as they are put back into the blurred image. A faithful heatmap makes red fall and green rise at once.</source>
        <translation>红线：热力图中最相关的像素被逐步模糊（0 → 100 %）时该类别的概率；绿线：把这些像素逐步放回模糊图像时的概率。可信的热力图会让红线立即下降、绿线立即上升。</translation>
    </message>
    <message>
        <source>Sanity Check…</source>
        <translation>合理性检查…</translation>
    </message>
    <message>
        <source>Check whether the current method's heatmaps change when the model's learned weights are randomised</source>
        <translation>检查模型学到的权重被随机化后，当前方法的热力图是否随之改变</translation>
    </message>
    <message>
        <source>Choose a heatmap method in the Heatmap panel first.</source>
        <translation>请先在“热力图”面板中选择一种热力图方法。</translation>
    </message>
    <message>
        <source>Sanity check: randomising the model's weights and comparing the heatmaps of {0} images…</source>
        <translation>合理性检查：正在随机化模型权重并比较 {0} 张图像的热力图…</translation>
    </message>
    <message>
        <source>{0} at {1} passes: with the head's weights randomised its maps keep only {2:.2f} of their ranking (Spearman), so they depend on what the model learned.</source>
        <translation>{0}（{1} 层）通过：分类头权重随机化后，其热力图只保留了 {2:.2f} 的排序相关性（Spearman），因此它们取决于模型学到的内容。</translation>
    </message>
    <message>
        <source>{0} at {1} fails: with the head's weights randomised its maps are still {2:.2f} alike (Spearman): they show the image's structure, not what the model learned.</source>
        <translation>{0}（{1} 层）未通过：分类头权重随机化后，其热力图的相似度仍为 {2:.2f}（Spearman）：它们显示的是图像的结构，而不是模型学到的内容。</translation>
    </message>
    <message>
        <source>sanity check on {0} images: {1}</source>
        <translation>对 {0} 张图像的合理性检查：{1}</translation>
    </message>
    <message>
        <source>Fails the sanity check at {0}: its maps barely change when the model's weights are randomised ({1:.2f} alike)</source>
        <translation>在 {0} 层未通过合理性检查：模型权重随机化后其热力图几乎不变（相似度 {1:.2f}）</translation>
    </message>
    <message>
        <source>Sanity Check: {0}</source>
        <translation>合理性检查：{0}</translation>
    </message>
    <message>
        <source>Sanity Check</source>
        <translation>合理性检查</translation>
    </message>
    <message>
        <source>Cannot run the sanity check: {0}</source>
        <translation>无法运行合理性检查：{0}</translation>
    </message>
    <message>
        <source>similarity (Spearman)</source>
        <translation>相似度（Spearman）</translation>
    </message>
    <message>
        <source>{0} head</source>
        <translation>{0} 分类头</translation>
    </message>
    <message>
        <source>Randomised, top down: {0}. Line: the mean over the images; band: their range; dashed: the pass threshold ({1:.2f})</source>
        <translation>自上而下随机化：{0}。折线：各图像的平均值；色带：其范围；虚线：通过阈值（{1:.2f}）</translation>
    </message>
    <message>
        <source>Compare Methods…</source>
        <translation>比较方法…</translation>
    </message>
    <message>
        <source>Compare Methods</source>
        <translation>比较方法</translation>
    </message>
    <message>
        <source>Every heatmap method on this image side by side, with how faithful each one is and how long it takes</source>
        <translation>在此图像上并排显示每种热力图方法，以及各自的可信度和耗时</translation>
    </message>
    <message>
        <source>Use this one</source>
        <translation>使用此方法</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>waiting…</source>
        <translation>等待中…</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>计算中…</translation>
    </message>
    <message>
        <source>time: {0}</source>
        <translation>耗时：{0}</translation>
    </message>
    <message>
        <source>cannot run</source>
        <translation>无法运行</translation>
    </message>
    <message>
        <source>not scored</source>
        <translation>未评分</translation>
    </message>
    <message>
        <source>weak</source>
        <translation>弱可信</translation>
    </message>
    <message>
        <source>⚠ flat map: it shows nothing</source>
        <translation>⚠ 平坦的热力图：没有显示任何内容</translation>
    </message>
    <message>
        <source>⚠ empty map: it shows nothing</source>
        <translation>⚠ 空的热力图：没有显示任何内容</translation>
    </message>
    <message>
        <source>⚠ too weak to mean anything</source>
        <translation>⚠ 太弱，没有意义</translation>
    </message>
    <message>
        <source>⚠ could not be computed</source>
        <translation>⚠ 无法计算</translation>
    </message>
    <message>
        <source>{0:.0%} → {1:.0%} (random {2:.0%})</source>
        <translation>{0:.0%} → {1:.0%}（随机 {2:.0%}）</translation>
    </message>
    <message>
        <source>Computing {0} heatmaps…</source>
        <translation>正在计算 {0} 张热力图…</translation>
    </message>
    <message>
        <source>{0} of {1} done…</source>
        <translation>已完成 {0}/{1}…</translation>
    </message>
    <message>
        <source>All {0} methods in {1}</source>
        <translation>全部 {0} 种方法，用时 {1}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt; — each method's heatmap</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt; — 各方法的热力图</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt; — each method's heatmap for &lt;b&gt;{1}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt; — 各方法对 &lt;b&gt;{1}&lt;/b&gt; 的热力图</translation>
    </message>
    <message>
        <source>Find the Best Layer…</source>
        <translation>查找最佳层…</translation>
    </message>
    <message>
        <source>Score each layer's heatmaps on a sample of the open folder and propose the most faithful one</source>
        <translation>在打开文件夹的样本上为每一层的热力图评分，并推荐最可信的一层</translation>
    </message>
    <message>
        <source>Scoring the layers' heatmaps on {0} images…</source>
        <translation>正在用 {0} 张图像为各层的热力图评分…</translation>
    </message>
    <message>
        <source>Scoring the layers' heatmaps: {0} of {1} done ({2})…</source>
        <translation>正在为各层的热力图评分：已完成 {0}/{1}（{2}）…</translation>
    </message>
    <message>
        <source>Cannot score the layers</source>
        <translation>无法为各层评分</translation>
    </message>
    <message>
        <source>best layer for {0}: {1}</source>
        <translation>{0} 的最佳层：{1}</translation>
    </message>
    <message>
        <source>this model has no layer with a map to score</source>
        <translation>此模型没有可评分的特征图层</translation>
    </message>
    <message>
        <source>Cannot use the layer</source>
        <translation>无法使用该层</translation>
    </message>
    <message>
        <source>{0} is not in the Layer menu</source>
        <translation>{0} 不在“层”菜单中</translation>
    </message>
    <message>
        <source>Heatmaps now use {0}</source>
        <translation>热力图现在使用 {0}</translation>
    </message>
    <message>
        <source>Save Model with This Layer</source>
        <translation>用此层保存模型</translation>
    </message>
    <message>
        <source>{0} already exists</source>
        <translation>{0} 已存在</translation>
    </message>
    <message>
        <source>saved with its heatmap layer: {0}</source>
        <translation>已连同热力图层保存：{0}</translation>
    </message>
    <message>
        <source>Find the Best Layer</source>
        <translation>查找最佳层</translation>
    </message>
    <message>
        <source>{0} heatmaps of {1} images from the open folder, scored per layer: blurring the 20 % each map highlights should cost the predicted class more than blurring as many random pixels.</source>
        <translation>对打开文件夹中 {1} 张图像的 {0} 热力图逐层评分：模糊每张图高亮的 20 % 区域，对预测类别的影响应大于模糊同样多的随机像素。</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>特征图</translation>
    </message>
    <message>
        <source>Faithful share</source>
        <translation>可信比例</translation>
    </message>
    <message>
        <source>vs random</source>
        <translation>相对随机</translation>
    </message>
    <message>
        <source>Deletion AUC ↓</source>
        <translation>删除 AUC ↓</translation>
    </message>
    <message>
        <source>Insertion AUC ↑</source>
        <translation>插入 AUC ↑</translation>
    </message>
    <message>
        <source>Faithful / weak / unfaithful</source>
        <translation>可信 / 较弱 / 不可信</translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>Faithful share: the part of what the class can lose that blurring the highlighted 20 % takes, beyond as many random pixels (mean over the images)</source>
        <translation>可信比例：模糊高亮的 20 % 区域使该类别损失的部分（占其可损失总量），超出模糊同样多随机像素的部分（各图像的平均值）</translation>
    </message>
    <message>
        <source>&amp;Use This Layer</source>
        <translation>使用此层(&amp;U)</translation>
    </message>
    <message>
        <source>Use and &amp;Save in a Model File…</source>
        <translation>使用并保存到模型文件(&amp;S)…</translation>
    </message>
    <message>
        <source>Show the heatmaps of the selected layer in the Heatmap panel</source>
        <translation>在热力图面板中显示所选层的热力图</translation>
    </message>
    <message>
        <source>Also write a copy of the model file whose heatmaps use this layer</source>
        <translation>另存一份模型文件，其热力图使用此层</translation>
    </message>
    <message>
        <source>{0} (proposed)</source>
        <translation>{0}（推荐）</translation>
    </message>
    <message>
        <source> ({0} inconclusive)</source>
        <translation>（{0} 个无定论）</translation>
    </message>
    <message>
        <source>{0:+.0f} points</source>
        <translation>{0:+.0f} 个百分点</translation>
    </message>
    <message>
        <source>Export Model…</source>
        <translation>导出模型…</translation>
    </message>
    <message>
        <source>Save the model as ONNX or TorchScript, for use without GradLens</source>
        <translation>将模型保存为 ONNX 或 TorchScript 格式，以便脱离 GradLens 使用</translation>
    </message>
    <message>
        <source>ONNX, for onnxruntime and other runtimes (*.onnx)</source>
        <translation>ONNX，用于 onnxruntime 等推理引擎 (*.onnx)</translation>
    </message>
    <message>
        <source>TorchScript, for PyTorch and LibTorch without GradLens (*.pt)</source>
        <translation>TorchScript，用于脱离 GradLens 的 PyTorch 和 LibTorch (*.pt)</translation>
    </message>
    <message>
        <source>Export Model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <source>Exporting the model to {0}…</source>
        <translation>正在将模型导出到 {0}…</translation>
    </message>
    <message>
        <source>Exported the model to {0}</source>
        <translation>已将模型导出到 {0}</translation>
    </message>
    <message>
        <source>Model exported</source>
        <translation>模型已导出</translation>
    </message>
    <message>
        <source>Exported to {0}</source>
        <translation>已导出到 {0}</translation>
    </message>
    <message>
        <source>Cannot export model</source>
        <translation>无法导出模型</translation>
    </message>
    <message>
        <source>Gradient × activation at each location, negatives dropped before summing (fast)</source>
        <translation>逐位置计算梯度 × 激活，先去掉负值再求和（快）</translation>
    </message>
    <message>
        <source>&amp;Eigen</source>
        <translation>主成分(&amp;E)</translation>
    </message>
    <message>
        <source>Keep only the main component of the weighted activations: less noise, may lose detail</source>
        <translation>只保留加权激活的主成分：噪声更少，但可能丢失细节</translation>
    </message>
    <message>
        <source>&amp;Augmented</source>
        <translation>增强平均(&amp;A)</translation>
    </message>
    <message>
        <source>Average the maps of mirrored and brighter/darker copies: steadier maps, six times slower</source>
        <translation>对镜像及调亮/调暗的副本分别求热力图再取平均：结果更稳定，但慢六倍</translation>
    </message>
    <message>
        <source>Smoothing:</source>
        <translation>平滑：</translation>
    </message>
    <message>
        <source>This heatmap is empty: nothing in this layer raised the class score (an untrained model, or a layer the prediction does not use). The colours show nothing. Try another layer or method.</source>
        <translation>该热力图是空的：这一层中没有任何位置提高该类别的得分（模型未经训练，或预测不使用这一层）。颜色不代表任何信息。请换用其他层或方法。</translation>
    </message>
    <message>
        <source>This heatmap is too weak to mean anything: its strongest value is below 1e-9 and is only stretched to full contrast here. Try another layer or method.</source>
        <translation>该热力图太弱，没有意义：其最大值低于 1e-9，这里只是被拉伸到了满对比度。请换用其他层或方法。</translation>
    </message>
    <message>
        <source>This heatmap could not be computed: the method's numbers overflowed (not a number). Try another method.</source>
        <translation>无法计算该热力图：该方法的数值溢出（非数值 NaN）。请换用其他方法。</translation>
    </message>
    <message>
        <source>faithful</source>
        <translation>可信</translation>
    </message>
    <message>
        <source>weakly faithful</source>
        <translation>弱可信</translation>
    </message>
    <message>
        <source>not faithful</source>
        <translation>不可信</translation>
    </message>
    <message>
        <source>cannot be tested</source>
        <translation>无法检验</translation>
    </message>
    <message>
        <source>Faithfulness: blurring the whole image leaves {0} at {1:.0%}, so removing regions cannot test this heatmap</source>
        <translation>忠实度：将整幅图像模糊后，{0} 的置信度仍为 {1:.0%}，因此无法通过移除区域来检验该热力图</translation>
    </message>
    <message>
        <source>Faithfulness: removing the highlighted 20% leaves {0} at {1:.0%} (a random 20%: {2:.0%})</source>
        <translation>忠实度：移除高亮的 20% 区域后，{0} 的置信度仍为 {1:.0%}（随机移除 20%：{2:.0%}）</translation>
    </message>
    <message>
        <source>Faithfulness: removing the highlighted 20% drops {0} from {1:.0%} to {2:.0%} (a random 20%: {3:.0%})</source>
        <translation>忠实度：移除高亮的 20% 区域后，{0} 的置信度从 {1:.0%} 降至 {2:.0%}（随机移除 20%：{3:.0%}）</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Heatmap colours, from this image's highest values (top) to its lowest (bottom)</source>
        <translation>热力图颜色：从本图像的最高值（上）到最低值（下）</translation>
    </message>
    <message>
        <source>%1: the map is as fine as this layer's activations</source>
        <translation>%1：热力图的精细程度取决于该层激活图的分辨率</translation>
    </message>
    <message>
        <source>This heatmap is flat: it cannot show where the model looked (the layer's map is too coarse for this input size, or the method found nothing). Try a finer layer or another method.</source>
        <translation>该热力图是平的，无法显示模型关注的位置（该层的特征图对此输入尺寸过于粗糙，或该方法没有找到任何信号）。请换用更精细的层或其他方法。</translation>
    </message>
    <message>
        <source>heatmap: {0}</source>
        <translation>热力图：{0}</translation>
    </message>
    <message>
        <source>No image matches the filters.</source>
        <translation>没有符合筛选条件的图像。</translation>
    </message>
    <message>
        <source>The save folder {0} already holds results of an earlier run ({1} files, e.g. {2}).</source>
        <translation>保存文件夹 {0} 中已有之前运行的结果（{1} 个文件，例如 {2}）。</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Choose Another Folder…</source>
        <translation>选择其他文件夹…</translation>
    </message>
    <message>
        <source>Not run: the earlier results in the save folder are kept.</source>
        <translation>未运行：保存文件夹中之前的结果已保留。</translation>
    </message>
    <message>
        <source>{0} misclassified images moved to {1}</source>
        <translation>已将 {0} 张误分类图像移动到 {1}</translation>
    </message>
    <message>
        <source>{0} misclassified images copied to {1}</source>
        <translation>已将 {0} 张误分类图像复制到 {1}</translation>
    </message>
    <message>
        <source>Learning-rate range test: preparing the data…</source>
        <translation>学习率范围测试：正在准备数据…</translation>
    </message>
    <message>
        <source>Learning-rate range test: step {0} of {1}</source>
        <translation>学习率范围测试：第 {0} / {1} 步</translation>
    </message>
    <message>
        <source>This run has no test images to show.</source>
        <translation>此次运行没有可显示的测试图像。</translation>
    </message>
    <message>
        <source>This run has no evaluation images to show.</source>
        <translation>此次运行没有可显示的评估图像。</translation>
    </message>
    <message>
        <source>Cannot open the images</source>
        <translation>无法打开图像</translation>
    </message>
    <message>
        <source>Cannot create {0}: {1}</source>
        <translation>无法创建 {0}：{1}</translation>
    </message>
    <message>
        <source>Model Settings</source>
        <translation>模型设置</translation>
    </message>
    <message>
        <source>Model Settings…</source>
        <translation>模型设置…</translation>
    </message>
    <message>
        <source>Save Model as GradLens File…</source>
        <translation>将模型另存为 GradLens 文件…</translation>
    </message>
    <message>
        <source>Input size, normalisation and class names the model is used with</source>
        <translation>模型使用的输入尺寸、归一化方式和类别名称</translation>
    </message>
    <message>
        <source>Write the model with its settings into one GradLens model file</source>
        <translation>将模型及其设置写入一个 GradLens 模型文件</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt; does not say everything GradLens needs to use it. Settings marked {1}were guessed: correct them to match how the model was trained, or its predictions will be wrong.</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt; 未包含 GradLens 使用它所需的全部信息。标有 {1}的设置是推测的：请按模型训练时的设置修改，否则预测结果会出错。</translation>
    </message>
    <message>
        <source>How &lt;b&gt;{0}&lt;/b&gt; is used: the settings its model was trained with.</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt; 的使用方式：模型训练时所用的设置。</translation>
    </message>
    <message>
        <source>Stretch to the input size</source>
        <translation>拉伸到输入尺寸</translation>
    </message>
    <message>
        <source>Letterbox (keep the aspect ratio, pad)</source>
        <translation>信箱式（保持宽高比，填充）</translation>
    </message>
    <message>
        <source>Centre crop (scale, cut the middle)</source>
        <translation>中心裁剪（缩放后裁取中间）</translation>
    </message>
    <message>
        <source>ImageNet mean and std</source>
        <translation>ImageNet 均值和标准差</translation>
    </message>
    <message>
        <source>0.5 and 0.5 (pixels to −1…1)</source>
        <translation>0.5 和 0.5（像素映射到 −1…1）</translation>
    </message>
    <message>
        <source>None (pixels 0…1)</source>
        <translation>无（像素 0…1）</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>One class name a line, in the order of the model's outputs</source>
        <translation>每行一个类别名称，按模型输出的顺序</translation>
    </message>
    <message>
        <source>Read from File…</source>
        <translation>从文件读取…</translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation>网络结构：</translation>
    </message>
    <message>
        <source>Input size (height × width):</source>
        <translation>输入尺寸（高 × 宽）：</translation>
    </message>
    <message>
        <source>Resize:</source>
        <translation>缩放方式：</translation>
    </message>
    <message>
        <source>Normalisation:</source>
        <translation>归一化：</translation>
    </message>
    <message>
        <source>Mean (R, G, B):</source>
        <translation>均值（R, G, B）：</translation>
    </message>
    <message>
        <source>Std (R, G, B):</source>
        <translation>标准差（R, G, B）：</translation>
    </message>
    <message>
        <source>Class names ({0}):</source>
        <translation>类别名称（{0}）：</translation>
    </message>
    <message>
        <source>Use These Settings</source>
        <translation>使用这些设置</translation>
    </message>
    <message>
        <source>Use and Save as GradLens Model…</source>
        <translation>使用并另存为 GradLens 模型…</translation>
    </message>
    <message>
        <source>the list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>The model has {0} outputs: give {0} class names, one a line ({1} now).</source>
        <translation>模型有 {0} 个输出：请给出 {0} 个类别名称，每行一个（当前 {1} 个）。</translation>
    </message>
    <message>
        <source>Class Names</source>
        <translation>类别名称</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>文本文件 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save as GradLens Model</source>
        <translation>另存为 GradLens 模型</translation>
    </message>
    <message>
        <source>GradLens model files (*.pt)</source>
        <translation>GradLens 模型文件 (*.pt)</translation>
    </message>
    <message>
        <source>Saving {0}…</source>
        <translation>正在保存 {0}…</translation>
    </message>
    <message>
        <source>saved as a GradLens model file: {0}</source>
        <translation>已保存为 GradLens 模型文件：{0}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <source>Cannot save model</source>
        <translation>无法保存模型</translation>
    </message>
    <message>
        <source>cannot write {0}: {1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
</context>
<!-- issue 15: pretrained weights in the training window -->
<context>
    <name>TrainForm</name>
    <message>
        <location filename="../../ui/training/form_extras.py"/>
        <source>ImageNet weights</source>
        <translation>ImageNet 预训练权重</translation>
    </message>
    <message>
        <location filename="../../ui/training/form_extras.py"/>
        <source>The architecture's ImageNet weights (torchvision's), downloaded before training starts when they are not in the local torch cache</source>
        <translation>该架构的 ImageNet 预训练权重（torchvision 提供）；本地 torch 缓存中没有时，在训练开始前下载</translation>
    </message>
    <message>
        <location filename="../../ui/training/form_extras.py"/>
        <source>ImageNet weights (none for this architecture)</source>
        <translation>ImageNet 预训练权重（此架构没有）</translation>
    </message>
    <message>
        <location filename="../../ui/training/form_extras.py"/>
        <source>ImageNet weights (cached)</source>
        <translation>ImageNet 预训练权重（已缓存）</translation>
    </message>
    <message>
        <location filename="../../ui/training/form_extras.py"/>
        <source>ImageNet weights (downloads {0:.1f} MB)</source>
        <translation>ImageNet 预训练权重（需下载 {0:.1f} MB）</translation>
    </message>
    <message>
        <location filename="../../ui/training/form_extras.py"/>
        <source>ImageNet weights (downloads when training starts)</source>
        <translation>ImageNet 预训练权重（训练开始时下载）</translation>
    </message>
    <message>
        <location filename="../../ui/training/form_extras.py"/>
        <source>{0} has no ImageNet weights</source>
        <translation>{0} 没有 ImageNet 预训练权重</translation>
    </message>
    <message>
        <location filename="../../ui/training/form_extras.py"/>
        <source>Mirror…</source>
        <translation>镜像…</translation>
    </message>
    <message>
        <location filename="../../ui/training/form_extras.py"/>
        <source>Download pretrained weights through a mirror of download.pytorch.org</source>
        <translation>通过 download.pytorch.org 的镜像下载预训练权重</translation>
    </message>
    <message>
        <location filename="../../ui/training/form_extras.py"/>
        <source>{0} has no ImageNet weights; choose a file or none</source>
        <translation>{0} 没有 ImageNet 预训练权重；请选择权重文件或不使用预训练权重</translation>
    </message>
    <message>
        <location filename="../../ui/training/form_extras.py"/>
        <source>From {0}</source>
        <translation>来源：{0}</translation>
    </message>
</context>
<context>
    <name>WeightsDownloadDialog</name>
    <message>
        <location filename="../../ui/training/weights_download_dialog.py"/>
        <source>Downloading pretrained weights</source>
        <translation>正在下载预训练权重</translation>
    </message>
    <message>
        <location filename="../../ui/training/weights_download_dialog.py"/>
        <source>Downloading {0}</source>
        <translation>正在下载 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/training/weights_download_dialog.py"/>
        <source>from {0}</source>
        <translation>来源：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/training/weights_download_dialog.py"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../ui/training/weights_download_dialog.py"/>
        <source>Stop the download; training does not start. Start again resumes it</source>
        <translation>停止下载，训练不会开始；再次开始时从中断处继续下载</translation>
    </message>
    <message>
        <location filename="../../ui/training/weights_download_dialog.py"/>
        <source>{0:.1f} of {1:.1f} MB</source>
        <translation>{0:.1f} / {1:.1f} MB</translation>
    </message>
    <message>
        <location filename="../../ui/training/weights_download_dialog.py"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>WeightsSettingsDialog</name>
    <message>
        <location filename="../../ui/training/weights_settings_dialog.py"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/training/weights_settings_dialog.py"/>
        <source>none: download.pytorch.org itself</source>
        <translation>无：直接从 download.pytorch.org 下载</translation>
    </message>
    <message>
        <location filename="../../ui/training/weights_settings_dialog.py"/>
        <source>Where pretrained weights are downloaded from, e.g. https://mirror.example.com</source>
        <translation>预训练权重的下载来源，例如 https://mirror.example.com</translation>
    </message>
    <message>
        <location filename="../../ui/training/weights_settings_dialog.py"/>
        <source>The mirror replaces the host part of every pretrained weight URL. Leave it empty to download from PyTorch's own servers.</source>
        <translation>镜像会替换每个预训练权重 URL 的主机部分。留空则从 PyTorch 官方服务器下载。</translation>
    </message>
    <message>
        <location filename="../../ui/training/weights_settings_dialog.py"/>
        <source>While this is empty, the {0} variable applies: {1}</source>
        <translation>留空时使用环境变量 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../ui/training/weights_settings_dialog.py"/>
        <source>Weights &amp;mirror:</source>
        <translation>权重镜像(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../ui/training/weights_settings_dialog.py"/>
        <source>For example, {0} is then downloaded from {1}</source>
        <translation>例如，{0} 将从 {1} 下载</translation>
    </message>
    <message>
        <location filename="../../ui/training/weights_settings_dialog.py"/>
        <source>For example, https://mirror.example.com/pytorch: {0} is then downloaded from {1}</source>
        <translation>例如填写 https://mirror.example.com/pytorch 时，{0} 将从 {1} 下载</translation>
    </message>
    <message>
        <location filename="../../ui/training/weights_settings_dialog.py"/>
        <source>A mirror URL has no spaces</source>
        <translation>镜像 URL 不能包含空格</translation>
    </message>
    <message>
        <location filename="../../ui/training/weights_settings_dialog.py"/>
        <source>Not a URL: {0}</source>
        <translation>不是有效的 URL：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/training/weights_settings_dialog.py"/>
        <source>A mirror starts with http:// or https://</source>
        <translation>镜像地址须以 http:// 或 https:// 开头</translation>
    </message>
    <message>
        <location filename="../../ui/training/weights_settings_dialog.py"/>
        <source>The mirror URL names no host</source>
        <translation>镜像 URL 中没有主机名</translation>
    </message>
    <message>
        <location filename="../../ui/training/weights_settings_dialog.py"/>
        <source>A mirror URL has no ? or # part</source>
        <translation>镜像 URL 不能包含 ? 或 # 部分</translation>
    </message>
</context>
<context>
    <name>TrainWindow</name>
    <message>
        <location filename="../../ui/training/train_window.py"/>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/training/train_window.py"/>
        <source>Weights &amp;Mirror…</source>
        <translation>权重镜像(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../ui/training/train_window.py"/>
        <source>Download pretrained weights through a mirror</source>
        <translation>通过镜像下载预训练权重</translation>
    </message>
</context>
<context>
    <name>WeightsFlow</name>
    <message>
        <location filename="../../app/weights_flow.py"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/weights_flow.py"/>
        <source>weights mirror: {0}</source>
        <translation>权重镜像：{0}</translation>
    </message>
    <message>
        <location filename="../../app/weights_flow.py"/>
        <source>downloaded {0}</source>
        <translation>已下载 {0}</translation>
    </message>
    <message>
        <location filename="../../app/weights_flow.py"/>
        <source>Download cancelled after {0}: training did not start. Start Training again resumes the download.</source>
        <translation>下载已在 {0} 处取消，训练未开始。再次点击“开始训练”将从中断处继续下载。</translation>
    </message>
    <message>
        <location filename="../../app/weights_flow.py"/>
        <source>downloading {0}</source>
        <translation>正在下载 {0}</translation>
    </message>
    <message>
        <location filename="../../app/weights_flow.py"/>
        <source>Downloading the ImageNet weights for {0}…</source>
        <translation>正在下载 {0} 的 ImageNet 预训练权重…</translation>
    </message>
    <message>
        <location filename="../../app/weights_flow.py"/>
        <source>Cannot download the pretrained weights</source>
        <translation>无法下载预训练权重</translation>
    </message>
    <message>
        <location filename="../../app/weights_flow.py"/>
        <source>{0} (mirror)</source>
        <translation>{0}（镜像）</translation>
    </message>
</context>
<!-- issue 17: the training window, its form (the training schema), report and runs -->
<context>
    <name>@default</name>
    <message>
        <source>Opening the training window…</source>
        <translation>正在打开训练窗口…</translation>
    </message>
    <message>
        <source>Cannot open the training window</source>
        <translation>无法打开训练窗口</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Follow the System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>The language of this computer's settings</source>
        <translation>使用本机系统设置中的语言</translation>
    </message>
    <message>
        <source>Preparing the data…</source>
        <translation>正在准备数据…</translation>
    </message>
    <message>
        <source>Run folder to resume</source>
        <translation>选择要继续训练的运行文件夹</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <source>Save Preset</source>
        <translation>保存预设</translation>
    </message>
    <message>
        <source>Presets (*.json)</source>
        <translation>预设 (*.json)</translation>
    </message>
    <message>
        <source>Load Preset</source>
        <translation>加载预设</translation>
    </message>
    <message>
        <source>Training is running</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <source>Stop training? last.pt keeps the last finished epoch, so the run can be resumed later.</source>
        <translation>要停止训练吗？last.pt 保存了最后完成的轮次，之后可以继续训练。</translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>将在当前批次结束后停止…</translation>
    </message>
    <message>
        <source>Training stopped</source>
        <translation>训练已停止</translation>
    </message>
    <message>
        <source>Using the train/ val/ test/ folders</source>
        <translation>使用 train/、val/、test/ 文件夹</translation>
    </message>
    <message>
        <source>No split folders: a stratified split by the ratios below</source>
        <translation>没有划分文件夹：按下面的比例进行分层划分</translation>
    </message>
    <message>
        <source>run folder: {0}</source>
        <translation>运行文件夹：{0}</translation>
    </message>
    <message>
        <source>Epoch {0}/{1} · batch {2}/{3} · {4:.0f} images/s · elapsed {5} · about {6} left</source>
        <translation>轮次 {0}/{1} · 批次 {2}/{3} · {4:.0f} 张/秒 · 已用 {5} · 约剩 {6}</translation>
    </message>
    <message>
        <source>Suggested learning rate: {0}</source>
        <translation>建议的学习率：{0}</translation>
    </message>
    <message>
        <source>none (the loss did not fall)</source>
        <translation>无（损失没有下降）</translation>
    </message>
    <message>
        <source>Please fix: {0}</source>
        <translation>请修正：{0}</translation>
    </message>
    <message>
        <source>resuming {0}</source>
        <translation>继续训练 {0}</translation>
    </message>
    <message>
        <source>starting: {0} on {1}</source>
        <translation>开始训练：{0}，设备 {1}</translation>
    </message>
    <message>
        <source>Cannot load preset</source>
        <translation>无法加载预设</translation>
    </message>
    <message>
        <source>The same image in training and evaluation makes the scores too optimistic.</source>
        <translation>同一张图像同时出现在训练集和评估集中，会使评估分数过于乐观。</translation>
    </message>
    <message>
        <source>Images per class in each split; hover a class for its numbers</source>
        <translation>各划分中每个类别的图像数；鼠标悬停在类别上可查看具体数量</translation>
    </message>
    <message>
        <source>Files that could not be read or decoded; training leaves them out</source>
        <translation>无法读取或解码的文件；训练时会跳过它们</translation>
    </message>
    <message>
        <source>Choose a dataset folder to see its classes, splits and any problems.</source>
        <translation>选择数据集文件夹，即可查看其类别、划分和存在的问题。</translation>
    </message>
    <message>
        <source>Identical files found by comparing their bytes</source>
        <translation>逐字节比较找到的相同文件</translation>
    </message>
    <message>
        <source>Why the dataset could not be scanned</source>
        <translation>数据集无法扫描的原因</translation>
    </message>
    <message>
        <source>The dataset summary appears here</source>
        <translation>数据集概况将显示在这里</translation>
    </message>
    <message>
        <source>Scanning dataset…</source>
        <translation>正在扫描数据集…</translation>
    </message>
    <message>
        <source>Images per split, after unreadable files are left out</source>
        <translation>各划分的图像数（已除去无法读取的文件）</translation>
    </message>
    <message>
        <source>No duplicate files.</source>
        <translation>没有重复文件。</translation>
    </message>
    <message>
        <source>Every file's bytes differ from every other file's</source>
        <translation>所有文件的内容各不相同</translation>
    </message>
    <message>
        <source>Groups of identical files spread over splits: {0}. Extra copies inside a split: {1}.</source>
        <translation>跨划分的相同文件组：{0}。同一划分内的多余副本：{1}。</translation>
    </message>
    <message>
        <source>Worth checking before training</source>
        <translation>建议在训练前检查</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>No classes found</source>
        <translation>未找到类别</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0} images&lt;/b&gt; in {1} classes: {2}</source>
        <translation>&lt;b&gt;{0} 张图像&lt;/b&gt;，共 {1} 个类别：{2}</translation>
    </message>
    <message>
        <source>Unreadable files left out ({0})</source>
        <translation>已跳过的无法读取文件（{0}）</translation>
    </message>
    <message>
        <source>Largest class / smallest class: {0:.1f}×</source>
        <translation>最大类别 / 最小类别：{0:.1f}×</translation>
    </message>
    <message>
        <source>… and {0} more</source>
        <translation>… 另有 {0} 项</translation>
    </message>
    <message>
        <source>{0} {1}</source>
        <translation>{0} {1}</translation>
    </message>
    <message>
        <source>Choose the pretrained weights file</source>
        <translation>请选择预训练权重文件</translation>
    </message>
    <message>
        <source>The dataset folder does not exist: {0}</source>
        <translation>数据集文件夹不存在：{0}</translation>
    </message>
    <message>
        <source>Device {0} is not on this computer</source>
        <translation>本机上没有设备 {0}</translation>
    </message>
    <message>
        <source>The weights file does not exist: {0}</source>
        <translation>权重文件不存在：{0}</translation>
    </message>
    <message>
        <source>None (random weights)</source>
        <translation>无（随机初始化权重）</translation>
    </message>
    <message>
        <source>Start from random weights</source>
        <translation>从随机初始化的权重开始训练</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <source>Weights from a file: a GradLens model or a state_dict</source>
        <translation>来自文件的权重：GradLens 模型或 state_dict</translation>
    </message>
    <message>
        <source>Find LR</source>
        <translation>查找学习率</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <source>Weights file (.pt, .pth)</source>
        <translation>权重文件（.pt、.pth）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Weights file to start from</source>
        <translation>用作起点的权重文件</translation>
    </message>
    <message>
        <source>Choose the weights file to start from</source>
        <translation>选择用作起点的权重文件</translation>
    </message>
    <message>
        <source>Run a short learning-rate range test on this data and suggest a rate</source>
        <translation>在此数据上运行一次简短的学习率范围测试，并给出建议的学习率</translation>
    </message>
    <message>
        <source>From the range test: where the loss falls fastest. Hover the plot to see it whole</source>
        <translation>来自范围测试：损失下降最快的位置。鼠标悬停在图上可查看完整曲线</translation>
    </message>
    <message>
        <source>Put the suggested rate in the learning-rate field</source>
        <translation>将建议的学习率填入学习率一栏</translation>
    </message>
    <message>
        <source>No clear suggestion; see the plot</source>
        <translation>没有明确的建议值；请查看曲线图</translation>
    </message>
    <message>
        <source>Suggested: {0}</source>
        <translation>建议：{0}</translation>
    </message>
    <message>
        <source>Keep width equal to height</source>
        <translation>保持宽度与高度相同</translation>
    </message>
    <message>
        <source>square</source>
        <translation>正方形</translation>
    </message>
    <message>
        <source>Choose the dataset folder</source>
        <translation>选择数据集文件夹</translation>
    </message>
    <message>
        <source>Choose the output folder</source>
        <translation>选择输出文件夹</translation>
    </message>
    <message>
        <source>Choose pretrained weights</source>
        <translation>选择预训练权重</translation>
    </message>
    <message>
        <source>PyTorch weights (*.pt *.pth *.bin);;All files (*)</source>
        <translation>PyTorch 权重 (*.pt *.pth *.bin);;所有文件 (*)</translation>
    </message>
    <message>
        <source>{0} is not a preset: expected a JSON object of settings</source>
        <translation>{0} 不是预设：应为包含各项设置的 JSON 对象</translation>
    </message>
    <message>
        <source>Cannot read the preset {0}: {1}</source>
        <translation>无法读取预设 {0}：{1}</translation>
    </message>
    <message>
        <source>{0} is not a valid JSON preset: {1}</source>
        <translation>{0} 不是有效的 JSON 预设：{1}</translation>
    </message>
    <message>
        <source>Please fix before training:</source>
        <translation>训练前请修正：</translation>
    </message>
    <message>
        <source>… and {0} more, marked in red below</source>
        <translation>… 另有 {0} 项，已在下方用红色标出</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>weighted F1 {0}</source>
        <translation>加权 F1 {0}</translation>
    </message>
    <message>
        <source>micro AUC {0}, macro AP {1}</source>
        <translation>微平均 AUC {0}，宏平均 AP {1}</translation>
    </message>
    <message>
        <source>{0} %</source>
        <translation>{0}%</translation>
    </message>
    <message>
        <source>No report loaded.</source>
        <translation>尚未加载报告。</translation>
    </message>
    <message>
        <source>Open report folder</source>
        <translation>打开报告文件夹</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>使用此模型</translation>
    </message>
    <message>
        <source>Click a cell to see those test images.</source>
        <translation>点击单元格可查看对应的测试图像。</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>macro F1</source>
        <translation>宏平均 F1</translation>
    </message>
    <message>
        <source>macro AUC</source>
        <translation>宏平均 AUC</translation>
    </message>
    <message>
        <source>test images</source>
        <translation>测试图像</translation>
    </message>
    <message>
        <source>classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Per class</source>
        <translation>各类别</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>ROC</source>
        <translation>ROC</translation>
    </message>
    <message>
        <source>Precision-recall</source>
        <translation>精确率-召回率</translation>
    </message>
    <message>
        <source>Mistakes</source>
        <translation>错误样本</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Loss, accuracy and learning rate per epoch</source>
        <translation>每轮的损失、准确率和学习率</translation>
    </message>
    <message>
        <source>Each class against the rest; top left is best</source>
        <translation>每个类别对其余类别；越靠左上越好</translation>
    </message>
    <message>
        <source>Each class against the rest; top right is best</source>
        <translation>每个类别对其余类别；越靠右上越好</translation>
    </message>
    <message>
        <source>Wrong, and most sure of it</source>
        <translation>预测错误且置信度最高的样本</translation>
    </message>
    <message>
        <source>The report on one page</source>
        <translation>一页纸的报告</translation>
    </message>
    <message>
        <source>AUC</source>
        <translation>AUC</translation>
    </message>
    <message>
        <source>AP</source>
        <translation>AP</translation>
    </message>
    <message>
        <source>Precision: share of the images predicted as this class that are it</source>
        <translation>精确率：被预测为该类别的图像中真正属于该类别的比例</translation>
    </message>
    <message>
        <source>Recall: share of this class's images found</source>
        <translation>召回率：该类别的图像中被正确找出的比例</translation>
    </message>
    <message>
        <source>F1: harmonic mean of precision and recall</source>
        <translation>F1：精确率和召回率的调和平均数</translation>
    </message>
    <message>
        <source>Support: test images of this class</source>
        <translation>样本数：该类别的测试图像数</translation>
    </message>
    <message>
        <source>Area under the ROC curve, this class against the rest</source>
        <translation>ROC 曲线下面积（该类别对其余类别）</translation>
    </message>
    <message>
        <source>Average precision (area under the precision-recall curve)</source>
        <translation>平均精度（精确率-召回率曲线下面积）</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>This run has no best.pt</source>
        <translation>此次运行没有 best.pt</translation>
    </message>
    <message>
        <source>The report in {0} cannot be read: {1}</source>
        <translation>无法读取 {0} 中的报告：{1}</translation>
    </message>
    <message>
        <source>No evaluation report in {0}.
The report is written when training ends; this run may still be training, or it stopped before the test.</source>
        <translation>{0} 中没有评估报告。
报告在训练结束时写入；此次运行可能仍在训练，或在测试前就已停止。</translation>
    </message>
    <message>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <source>{0} is missing from the report.</source>
        <translation>报告中缺少 {0}。</translation>
    </message>
    <message>
        <source>{0} cannot be read.</source>
        <translation>无法读取 {0}。</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Val acc</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Test acc</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>When the run started</source>
        <translation>运行开始的时间</translation>
    </message>
    <message>
        <source>The run folder's name</source>
        <translation>运行文件夹的名称</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Epochs trained</source>
        <translation>已训练的轮次</translation>
    </message>
    <message>
        <source>Best validation accuracy (the epoch saved as best.pt)</source>
        <translation>最佳验证准确率（保存为 best.pt 的那一轮）</translation>
    </message>
    <message>
        <source>Accuracy on the test split with best.pt</source>
        <translation>best.pt 在测试集上的准确率</translation>
    </message>
    <message>
        <source>Whether the run trained every epoch</source>
        <translation>是否训练完了所有轮次</translation>
    </message>
    <message>
        <source>Double-click a run to open its report</source>
        <translation>双击某次运行可打开其报告</translation>
    </message>
    <message>
        <source>No runs yet. Finished and stopped runs from the output folder appear here.</source>
        <translation>还没有运行记录。输出文件夹中已完成和已停止的运行会显示在这里。</translation>
    </message>
    <message>
        <source>Runs are listed from the output folder</source>
        <translation>列出输出文件夹中的运行记录</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Show the selected run's report and charts</source>
        <translation>显示所选运行的报告和图表</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>Continue the selected unfinished run from its last.pt</source>
        <translation>从 last.pt 继续所选的未完成运行</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>List the runs in the output folder again</source>
        <translation>重新列出输出文件夹中的运行</translation>
    </message>
    <message>
        <source>Trained every epoch it was asked to</source>
        <translation>已训练完设定的所有轮次</translation>
    </message>
    <message>
        <source>Stopped, crashed or still running; Resume continues from its last.pt</source>
        <translation>已停止、已崩溃或仍在运行；“继续训练”会从其 last.pt 继续</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Not finished</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>per batch</source>
        <translation>每批次</translation>
    </message>
    <message>
        <source>per batch (range)</source>
        <translation>每批次（范围）</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>平滑后</translation>
    </message>
    <message>
        <source>train, epoch mean</source>
        <translation>训练集，每轮平均</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>per epoch (earlier run)</source>
        <translation>每轮（之前的运行）</translation>
    </message>
    <message>
        <source>No batches yet</source>
        <translation>尚无批次</translation>
    </message>
    <message>
        <source>Shown after the first epoch</source>
        <translation>第一轮结束后显示</translation>
    </message>
    <message>
        <source>The charts cannot be drawn: {0}</source>
        <translation>无法绘制图表：{0}</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Optimisation</source>
        <translation>优化</translation>
    </message>
    <message>
        <source>Show or hide this group</source>
        <translation>显示或隐藏此组</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>划分：</translation>
    </message>
    <message>
        <source>chosen for the input size</source>
        <translation>根据输入尺寸自动选择</translation>
    </message>
    <message>
        <source>Choose a dataset folder to see how it will be split.</source>
        <translation>选择数据集文件夹即可查看其划分方式。</translation>
    </message>
    <message>
        <source>Bad settings: {0}</source>
        <translation>设置有误：{0}</translation>
    </message>
    <message>
        <source>{0} — {1} ({2:.1f} M parameters)</source>
        <translation>{0} — {1}（{2:.1f} M 参数）</translation>
    </message>
    <message>
        <source>{0}, or a finer layer when its map is under 6×6 cells</source>
        <translation>{0}，若其特征图小于 6×6 则用更精细的层</translation>
    </message>
    <message>
        <source>GradLens — Train a Model</source>
        <translation>GradLens — 训练模型</translation>
    </message>
    <message>
        <source>The same lines train.py prints appear here.</source>
        <translation>这里显示与 train.py 相同的输出。</translation>
    </message>
    <message>
        <source>Load Preset…</source>
        <translation>加载预设…</translation>
    </message>
    <message>
        <source>Save Preset…</source>
        <translation>保存预设…</translation>
    </message>
    <message>
        <source>Start Training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>Resume a Run…</source>
        <translation>继续训练…</translation>
    </message>
    <message>
        <source>Train with these settings in the background</source>
        <translation>在后台按这些设置训练</translation>
    </message>
    <message>
        <source>Stop after the current batch; last.pt keeps the last finished epoch</source>
        <translation>在当前批次结束后停止；last.pt 保存了最后完成的轮次</translation>
    </message>
    <message>
        <source>Continue a stopped or crashed run from its folder</source>
        <translation>从运行文件夹继续已停止或崩溃的训练</translation>
    </message>
    <message>
        <source>Fill the form from a saved JSON preset</source>
        <translation>用已保存的 JSON 预设填写表单</translation>
    </message>
    <message>
        <source>Save the form as a JSON preset</source>
        <translation>将表单保存为 JSON 预设</translation>
    </message>
    <message>
        <source>Not running</source>
        <translation>未运行</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>{0:.1f} MB</source>
        <translation>{0:.1f} MB</translation>
    </message>
    <message>
        <source>{0:.1f} MB/s</source>
        <translation>{0:.1f} MB/s</translation>
    </message>
    <message>
        <source>Also Save Three-Panel Figures</source>
        <translation>同时保存三联图</translation>
    </message>
    <message>
        <source>With a save folder, also write original | heatmap | overlay per image</source>
        <translation>设置了保存文件夹时，为每张图像另存“原图 | 热力图 | 叠加图”三联图</translation>
    </message>
    <message>
        <source>Train a Model…</source>
        <translation>训练模型…</translation>
    </message>
    <message>
        <source>Open the training window</source>
        <translation>打开训练窗口</translation>
    </message>
    <message>
        <source>{0} + {1}</source>
        <translation>{0} + {1}</translation>
    </message>
    <message>
        <source>&amp;Dataset:</source>
        <translation>数据集(&amp;D)：</translation>
    </message>
    <message>
        <source>Folder of images with one sub-folder per class; its train/ val/ test/ sub-folders are used when present. You can also drop a folder onto this form.</source>
        <translation>图像文件夹，每个类别一个子文件夹；如有 train/、val/、test/ 子文件夹则直接使用。也可以把文件夹拖放到此表单上。</translation>
    </message>
    <message>
        <source>Folder with one sub-folder per class</source>
        <translation>每个类别一个子文件夹的文件夹</translation>
    </message>
    <message>
        <source>Hold ou&amp;t:</source>
        <translation>留出(&amp;T)：</translation>
    </message>
    <message>
        <source>Share of the images held out for validation when the dataset has no val/ folder</source>
        <translation>数据集没有 val/ 文件夹时，留作验证集的图像比例</translation>
    </message>
    <message>
        <source>val </source>
        <translation>验证集 </translation>
    </message>
    <message>
        <source>Test share</source>
        <translation>测试集比例</translation>
    </message>
    <message>
        <source>Share of the images held out for the final test when the dataset has no test/ folder</source>
        <translation>数据集没有 test/ 文件夹时，留作最终测试集的图像比例</translation>
    </message>
    <message>
        <source>test </source>
        <translation>测试集 </translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Random seed for the split, the initial weights and the augmentations; the same seed repeats a run</source>
        <translation>用于数据划分、权重初始化和数据增强的随机种子；相同的种子可复现一次运行</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>Train on these classes only, comma separated (folder names); empty = every class</source>
        <translation>只用这些类别训练，以逗号分隔（文件夹名）；留空 = 全部类别</translation>
    </message>
    <message>
        <source>all classes</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>&amp;Input size:</source>
        <translation>输入尺寸(&amp;I)：</translation>
    </message>
    <message>
        <source>Height and width in pixels the images are resized to</source>
        <translation>图像缩放到的高度和宽度（像素）</translation>
    </message>
    <message>
        <source>&amp;Resize:</source>
        <translation>缩放方式(&amp;R)：</translation>
    </message>
    <message>
        <source>How images are brought to the input size (saved with the model and used everywhere it runs)</source>
        <translation>图像如何调整到输入尺寸（随模型保存，模型在任何地方运行时都使用此方式）</translation>
    </message>
    <message>
        <source>Stretch</source>
        <translation>拉伸</translation>
    </message>
    <message>
        <source>Resize to the input size; may distort shapes</source>
        <translation>直接缩放到输入尺寸；可能使形状变形</translation>
    </message>
    <message>
        <source>Letterbox</source>
        <translation>等比填充</translation>
    </message>
    <message>
        <source>Fit inside and pad the rest: keeps the aspect ratio, nothing cut off</source>
        <translation>等比缩放到框内并填充其余部分：保持宽高比，不裁掉任何内容</translation>
    </message>
    <message>
        <source>Centre crop</source>
        <translation>中心裁剪</translation>
    </message>
    <message>
        <source>Fill the input size and cut off the overhang: keeps the aspect ratio</source>
        <translation>等比缩放填满输入尺寸并裁掉多出的部分：保持宽高比</translation>
    </message>
    <message>
        <source>Augment:</source>
        <translation>数据增强：</translation>
    </message>
    <message>
        <source>Random changes to the training images, applied every epoch; 'none' for none</source>
        <translation>对训练图像做随机变换，每轮都会应用；“none”表示不做增强</translation>
    </message>
    <message>
        <source>Horizontal flip</source>
        <translation>水平翻转</translation>
    </message>
    <message>
        <source>Mirror left-right at random (hflip). Off for text, digits or anything with a handedness</source>
        <translation>随机左右镜像（hflip）。文字、数字或任何区分左右的内容请关闭</translation>
    </message>
    <message>
        <source>Vertical flip</source>
        <translation>垂直翻转</translation>
    </message>
    <message>
        <source>Flip upside down at random (vflip). For images without an up, such as microscopy or aerial</source>
        <translation>随机上下翻转（vflip）。适用于没有上下之分的图像，如显微图像或航拍图像</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>旋转</translation>
    </message>
    <message>
        <source>Rotate by a small random angle (rotate)</source>
        <translation>随机旋转一个小角度（rotate）</translation>
    </message>
    <message>
        <source>Crop</source>
        <translation>裁剪</translation>
    </message>
    <message>
        <source>Random crop, resized back to the input size (crop): teaches the model to ignore position</source>
        <translation>随机裁剪后缩放回输入尺寸（crop）：让模型学会忽略位置</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Random brightness, contrast and saturation (color)</source>
        <translation>随机调整亮度、对比度和饱和度（color）</translation>
    </message>
    <message>
        <source>Blur</source>
        <translation>模糊</translation>
    </message>
    <message>
        <source>Gaussian blur now and then (blur)</source>
        <translation>偶尔施加高斯模糊（blur）</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>擦除</translation>
    </message>
    <message>
        <source>Hide a random rectangle (erase): the model must use more than one detail</source>
        <translation>随机遮挡一个矩形区域（erase）：迫使模型利用不止一处细节</translation>
    </message>
    <message>
        <source>Class &amp;balance:</source>
        <translation>类别平衡(&amp;B)：</translation>
    </message>
    <message>
        <source>Counter class imbalance (classes with very different image counts)</source>
        <translation>应对类别不平衡（各类别图像数量相差很大）</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Every image counts the same</source>
        <translation>每张图像的权重相同</translation>
    </message>
    <message>
        <source>Weighted loss</source>
        <translation>加权损失</translation>
    </message>
    <message>
        <source>Rare classes weigh more in the loss</source>
        <translation>稀有类别在损失中的权重更大</translation>
    </message>
    <message>
        <source>Weighted sampler</source>
        <translation>加权采样</translation>
    </message>
    <message>
        <source>Rare classes are drawn more often, so batches are balanced</source>
        <translation>更频繁地抽取稀有类别，使各批次均衡</translation>
    </message>
    <message>
        <source>&amp;Cache:</source>
        <translation>缓存(&amp;C)：</translation>
    </message>
    <message>
        <source>Keep decoded images in memory: faster epochs, more memory</source>
        <translation>将解码后的图像保存在内存中：每轮更快，但占用更多内存</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Keep decoded images in memory when they fit</source>
        <translation>内存放得下时将解码后的图像保存在内存中</translation>
    </message>
    <message>
        <source>On</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>Always keep decoded images in memory</source>
        <translation>始终将解码后的图像保存在内存中</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Decode every image every epoch</source>
        <translation>每轮都重新解码每张图像</translation>
    </message>
    <message>
        <source>&amp;Workers:</source>
        <translation>加载进程数(&amp;W)：</translation>
    </message>
    <message>
        <source>Processes that load images in the background; auto (-1) chooses from the CPU count</source>
        <translation>在后台加载图像的进程数；自动（-1）根据 CPU 核数选择</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>&amp;Architecture:</source>
        <translation>网络架构(&amp;A)：</translation>
    </message>
    <message>
        <source>Network architecture: a torchvision name, or timm/&lt;name&gt; for a timm backbone</source>
        <translation>网络架构：torchvision 模型名，或 timm/&lt;name&gt; 表示 timm 骨干网络</translation>
    </message>
    <message>
        <source>&amp;Pretrained:</source>
        <translation>预训练权重(&amp;P)：</translation>
    </message>
    <message>
        <source>Weights to start from: pretrained weights learn faster from fewer images</source>
        <translation>训练的初始权重：使用预训练权重，用更少的图像也能学得更快</translation>
    </message>
    <message>
        <source>CA&amp;M layer:</source>
        <translation>CAM 层(&amp;M)：</translation>
    </message>
    <message>
        <source>Layer whose activations make the Grad-CAM heatmaps, saved with the model, e.g. layer3; empty = the architecture's usual layer, or the deepest with at least 6×6 cells at this input size when that one's map is coarser</source>
        <translation>用其激活生成 Grad-CAM 热力图的层，随模型保存，例如 layer3；留空 = 该架构的常用层，若该层的特征图过于粗糙，则用在此输入尺寸下至少有 6×6 个单元的最深层</translation>
    </message>
    <message>
        <source>Freeze epochs:</source>
        <translation>冻结轮数：</translation>
    </message>
    <message>
        <source>Train only the new classifier head for this many epochs first, then the whole network</source>
        <translation>先只训练新的分类头这么多轮，再训练整个网络</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Backbone LR scale:</source>
        <translation>骨干网络学习率倍数：</translation>
    </message>
    <message>
        <source>After the freeze stage the backbone learns at the learning rate × this (only with freeze epochs)</source>
        <translation>冻结阶段之后，骨干网络的学习率为 学习率 × 此倍数（仅在设置了冻结轮数时有效）</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>轮数(&amp;E)：</translation>
    </message>
    <message>
        <source>Passes over the training images</source>
        <translation>遍历训练集的次数</translation>
    </message>
    <message>
        <source>Batch si&amp;ze:</source>
        <translation>批大小(&amp;Z)：</translation>
    </message>
    <message>
        <source>Images per step; lower it when memory runs out</source>
        <translation>每步的图像数；内存不足时请调小</translation>
    </message>
    <message>
        <source>&amp;Learning rate:</source>
        <translation>学习率(&amp;L)：</translation>
    </message>
    <message>
        <source>Learning rate: 1e-3 notation is fine</source>
        <translation>学习率：可以写成 1e-3 这种形式</translation>
    </message>
    <message>
        <source>&amp;Optimizer:</source>
        <translation>优化器(&amp;O)：</translation>
    </message>
    <message>
        <source>How the weights are updated from the gradients</source>
        <translation>根据梯度更新权重的方法</translation>
    </message>
    <message>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>Stochastic gradient descent with momentum</source>
        <translation>带动量的随机梯度下降</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>Adam: adaptive steps per weight</source>
        <translation>Adam：每个权重的步长自适应</translation>
    </message>
    <message>
        <source>AdamW</source>
        <translation>AdamW</translation>
    </message>
    <message>
        <source>Adam with decoupled weight decay; a safe default</source>
        <translation>带解耦权重衰减的 Adam；稳妥的默认选择</translation>
    </message>
    <message>
        <source>Momentum:</source>
        <translation>动量：</translation>
    </message>
    <message>
        <source>SGD momentum (SGD only)</source>
        <translation>SGD 动量（仅 SGD）</translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation>Nesterov</translation>
    </message>
    <message>
        <source>Nesterov momentum (SGD only)</source>
        <translation>Nesterov 动量（仅 SGD）</translation>
    </message>
    <message>
        <source>Wei&amp;ght decay:</source>
        <translation>权重衰减(&amp;G)：</translation>
    </message>
    <message>
        <source>L2 penalty that keeps weights small (1e-4 notation is fine; 0 = off)</source>
        <translation>使权重保持较小的 L2 惩罚（可以写成 1e-4 这种形式；0 = 关闭）</translation>
    </message>
    <message>
        <source>Label smoothing:</source>
        <translation>标签平滑：</translation>
    </message>
    <message>
        <source>Soften the one-hot targets by this much; 0.1 often helps with noisy labels</source>
        <translation>按此幅度软化 one-hot 目标；标签有噪声时 0.1 往往有帮助</translation>
    </message>
    <message>
        <source>Gradient clip:</source>
        <translation>梯度裁剪：</translation>
    </message>
    <message>
        <source>Largest allowed gradient norm; 0 = no clipping</source>
        <translation>允许的最大梯度范数；0 = 不裁剪</translation>
    </message>
    <message>
        <source>Sc&amp;hedule:</source>
        <translation>学习率调度(&amp;H)：</translation>
    </message>
    <message>
        <source>How the learning rate changes during the run</source>
        <translation>训练过程中学习率如何变化</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>Lower the rate smoothly to the minimum</source>
        <translation>将学习率平滑地降到最小值</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>阶梯</translation>
    </message>
    <message>
        <source>Multiply the rate by gamma every N epochs</source>
        <translation>每 N 轮将学习率乘以 gamma</translation>
    </message>
    <message>
        <source>Multi-step</source>
        <translation>多阶梯</translation>
    </message>
    <message>
        <source>Multiply the rate by gamma at the given epochs</source>
        <translation>在指定的轮次将学习率乘以 gamma</translation>
    </message>
    <message>
        <source>One-cycle</source>
        <translation>单周期</translation>
    </message>
    <message>
        <source>Rise to the rate, then anneal to the minimum</source>
        <translation>先升到设定的学习率，再退火到最小值</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>Keep the rate constant</source>
        <translation>保持学习率不变</translation>
    </message>
    <message>
        <source>Step size:</source>
        <translation>步长：</translation>
    </message>
    <message>
        <source>Step schedule: decay every this many epochs</source>
        <translation>阶梯调度：每隔这么多轮衰减一次</translation>
    </message>
    <message>
        <source>Milestones:</source>
        <translation>里程碑：</translation>
    </message>
    <message>
        <source>Multi-step schedule: epochs at which the rate is multiplied by gamma, comma separated</source>
        <translation>多阶梯调度：将学习率乘以 gamma 的轮次，以逗号分隔</translation>
    </message>
    <message>
        <source>30,60</source>
        <translation>30,60</translation>
    </message>
    <message>
        <source>Gamma:</source>
        <translation>Gamma：</translation>
    </message>
    <message>
        <source>Step and multi-step schedules: the factor applied at each decay</source>
        <translation>阶梯和多阶梯调度：每次衰减时乘以的系数</translation>
    </message>
    <message>
        <source>Warm-up epochs:</source>
        <translation>预热轮数：</translation>
    </message>
    <message>
        <source>Raise the rate linearly from zero over this many epochs (fractions allowed), then follow the schedule</source>
        <translation>在这么多轮内（可以是小数）将学习率从零线性升高，然后按调度变化</translation>
    </message>
    <message>
        <source>Minimum LR:</source>
        <translation>最小学习率：</translation>
    </message>
    <message>
        <source>Cosine and one-cycle schedules: the rate they end at instead of (almost) zero, e.g. 1e-5; 0 = all the way down</source>
        <translation>余弦和单周期调度：最终降到的学习率（而不是接近零），例如 1e-5；0 = 一直降到零</translation>
    </message>
    <message>
        <source>Earl&amp;y stopping:</source>
        <translation>早停(&amp;Y)：</translation>
    </message>
    <message>
        <source>Stop after this many epochs without improvement of the monitored metric; off = run every epoch</source>
        <translation>监控指标连续这么多轮没有改善时停止；关闭 = 训练完所有轮次</translation>
    </message>
    <message>
        <source>Mo&amp;nitor:</source>
        <translation>监控指标(&amp;N)：</translation>
    </message>
    <message>
        <source>The metric that picks the best epoch (best.pt) and drives early stopping</source>
        <translation>用于选出最佳轮次（best.pt）并决定早停的指标</translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Higher is better</source>
        <translation>越高越好</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Lower is better</source>
        <translation>越低越好</translation>
    </message>
    <message>
        <source>Validation macro F1</source>
        <translation>验证宏平均 F1</translation>
    </message>
    <message>
        <source>Higher is better; fair to small classes</source>
        <translation>越高越好；对小类别更公平</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Where the model trains</source>
        <translation>训练模型所用的设备</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>The first CUDA GPU when there is one, else the CPU</source>
        <translation>有 CUDA GPU 时用第一块，否则用 CPU</translation>
    </message>
    <message>
        <source>Mixed precision</source>
        <translation>混合精度</translation>
    </message>
    <message>
        <source>Logging:</source>
        <translation>日志：</translation>
    </message>
    <message>
        <source>Also write a TensorBoard log into the run folder (when TensorBoard is installed)</source>
        <translation>同时在运行文件夹中写入 TensorBoard 日志（需已安装 TensorBoard）</translation>
    </message>
    <message>
        <source>TensorBoard log</source>
        <translation>TensorBoard 日志</translation>
    </message>
    <message>
        <source>O&amp;utput folder:</source>
        <translation>输出文件夹(&amp;U)：</translation>
    </message>
    <message>
        <source>Each run writes a new &lt;timestamp&gt;-&lt;model&gt; folder in here; nothing is overwritten</source>
        <translation>每次运行都会在这里新建一个 &lt;timestamp&gt;-&lt;model&gt; 文件夹；不会覆盖任何内容</translation>
    </message>
    <message>
        <source>choose a dataset folder</source>
        <translation>请选择数据集文件夹</translation>
    </message>
    <message>
        <source>choose an output folder</source>
        <translation>请选择输出文件夹</translation>
    </message>
    <message>
        <source>give the multi-step schedule at least one milestone</source>
        <translation>多阶梯调度至少需要一个里程碑</translation>
    </message>
    <message>
        <source>vit_b_16 needs a square input size that is a multiple of 16 (e.g. 224 × 224)</source>
        <translation>vit_b_16 需要正方形且为 16 倍数的输入尺寸（例如 224 × 224）</translation>
    </message>
</context>
<!-- issue 17: the architectures' descriptions, Evaluate a Model, and the newest training options -->
<context>
    <name>@default</name>
    <message>
        <source>ResNet-18: small, fast, the usual first choice</source>
        <translation>ResNet-18：小巧、快速，通常的首选</translation>
    </message>
    <message>
        <source>ResNet-34: a deeper ResNet-18</source>
        <translation>ResNet-34：更深的 ResNet-18</translation>
    </message>
    <message>
        <source>ResNet-50: the standard mid-size baseline</source>
        <translation>ResNet-50：标准的中等规模基线</translation>
    </message>
    <message>
        <source>ResNet-101: large, slower, more accurate</source>
        <translation>ResNet-101：大型，较慢，更准确</translation>
    </message>
    <message>
        <source>Wide ResNet-50-2: ResNet-50 with twice the width</source>
        <translation>Wide ResNet-50-2：宽度加倍的 ResNet-50</translation>
    </message>
    <message>
        <source>ResNeXt-50 32x4d: grouped-convolution ResNet</source>
        <translation>ResNeXt-50 32x4d：使用分组卷积的 ResNet</translation>
    </message>
    <message>
        <source>VGG-11 with batch norm: simple and large</source>
        <translation>带批归一化的 VGG-11：结构简单，模型较大</translation>
    </message>
    <message>
        <source>VGG-16 with batch norm: classic, heavy</source>
        <translation>带批归一化的 VGG-16：经典，计算量大</translation>
    </message>
    <message>
        <source>DenseNet-121: compact, densely connected</source>
        <translation>DenseNet-121：紧凑，密集连接</translation>
    </message>
    <message>
        <source>MobileNetV2: light, for laptops and phones</source>
        <translation>MobileNetV2：轻量，适合笔记本和手机</translation>
    </message>
    <message>
        <source>MobileNetV3-Small: the fastest here</source>
        <translation>MobileNetV3-Small：这里最快的模型</translation>
    </message>
    <message>
        <source>MobileNetV3-Large: light and accurate</source>
        <translation>MobileNetV3-Large：轻量且准确</translation>
    </message>
    <message>
        <source>EfficientNet-B0: accurate for its size</source>
        <translation>EfficientNet-B0：同等规模下准确率高</translation>
    </message>
    <message>
        <source>EfficientNet-B1</source>
        <translation>EfficientNet-B1</translation>
    </message>
    <message>
        <source>EfficientNet-B2</source>
        <translation>EfficientNet-B2</translation>
    </message>
    <message>
        <source>EfficientNet-B3</source>
        <translation>EfficientNet-B3</translation>
    </message>
    <message>
        <source>EfficientNetV2-S</source>
        <translation>EfficientNetV2-S</translation>
    </message>
    <message>
        <source>ConvNeXt-Tiny: modern CNN, strong accuracy</source>
        <translation>ConvNeXt-Tiny：现代 CNN，准确率高</translation>
    </message>
    <message>
        <source>ConvNeXt-Small: a larger ConvNeXt</source>
        <translation>ConvNeXt-Small：更大的 ConvNeXt</translation>
    </message>
    <message>
        <source>RegNetY-400MF: efficient, small</source>
        <translation>RegNetY-400MF：高效，小型</translation>
    </message>
    <message>
        <source>RegNetY-800MF: efficient, mid-size</source>
        <translation>RegNetY-800MF：高效，中等规模</translation>
    </message>
    <message>
        <source>ShuffleNetV2 1.0x: very light</source>
        <translation>ShuffleNetV2 1.0x：非常轻量</translation>
    </message>
    <message>
        <source>SqueezeNet 1.1: tiny, fully convolutional</source>
        <translation>SqueezeNet 1.1：极小，全卷积</translation>
    </message>
    <message>
        <source>GoogLeNet (Inception v1)</source>
        <translation>GoogLeNet（Inception v1）</translation>
    </message>
    <message>
        <source>MNASNet 1.0: mobile, searched architecture</source>
        <translation>MNASNet 1.0：面向移动端，经架构搜索得到</translation>
    </message>
    <message>
        <source>AlexNet: historic, for teaching</source>
        <translation>AlexNet：历史模型，适合教学</translation>
    </message>
    <message>
        <source>ViT-B/16: vision transformer, square input</source>
        <translation>ViT-B/16：视觉 Transformer，需正方形输入</translation>
    </message>
    <message>
        <source>Swin-T: windowed vision transformer</source>
        <translation>Swin-T：基于窗口的视觉 Transformer</translation>
    </message>
    <message>
        <source>Small ResNet S: for small images 16–96 px, the lightest</source>
        <translation>Small ResNet S：适合 16–96 像素的小图像，最轻量</translation>
    </message>
    <message>
        <source>Small ResNet M: for small images 16–96 px, fast and accurate</source>
        <translation>Small ResNet M：适合 16–96 像素的小图像，快速且准确</translation>
    </message>
    <message>
        <source>Small ResNet L: for small images 16–96 px, deeper and wider</source>
        <translation>Small ResNet L：适合 16–96 像素的小图像，更深更宽</translation>
    </message>
    <message>
        <source>ResNet-18 for small images 16–96 px: 3×3 stem, no max-pool; takes ResNet-18's ImageNet weights</source>
        <translation>适合 16–96 像素小图像的 ResNet-18：3×3 stem，无最大池化；可使用 ResNet-18 的 ImageNet 预训练权重</translation>
    </message>
    <message>
        <source>ResNet-34 for small images 16–96 px: 3×3 stem, no max-pool; takes ResNet-34's ImageNet weights</source>
        <translation>适合 16–96 像素小图像的 ResNet-34：3×3 stem，无最大池化；可使用 ResNet-34 的 ImageNet 预训练权重</translation>
    </message>
    <message>
        <source>ResNet-50 for small images 16–96 px: 3×3 stem, no max-pool; takes ResNet-50's ImageNet weights</source>
        <translation>适合 16–96 像素小图像的 ResNet-50：3×3 stem，无最大池化；可使用 ResNet-50 的 ImageNet 预训练权重</translation>
    </message>
    <message>
        <source>ConvNeXt-V2 Atto (timm): a tiny modern CNN</source>
        <translation>ConvNeXt-V2 Atto（timm）：极小的现代 CNN</translation>
    </message>
    <message>
        <source>MobileNetV4-Conv-Small (timm): fast on any device</source>
        <translation>MobileNetV4-Conv-Small（timm）：在任何设备上都快</translation>
    </message>
    <message>
        <source>EfficientViT-B0 (timm): linear attention, light</source>
        <translation>EfficientViT-B0（timm）：线性注意力，轻量</translation>
    </message>
    <message>
        <source>FastViT-T8 (timm): hybrid CNN-transformer, fast</source>
        <translation>FastViT-T8（timm）：CNN 与 Transformer 混合，快速</translation>
    </message>
    <message>
        <source>StarNet-S1 (timm): star-operation CNN, tiny</source>
        <translation>StarNet-S1（timm）：基于星操作的 CNN，极小</translation>
    </message>
    <message>
        <source>ResNet-18-D (timm): ResNet-18 with a deep stem, better trained</source>
        <translation>ResNet-18-D（timm）：带深 stem 的 ResNet-18，训练得更好</translation>
    </message>
    <message>
        <source>DeiT-Tiny (timm): a data-efficient ViT</source>
        <translation>DeiT-Tiny（timm）：数据高效的 ViT</translation>
    </message>
    <message>
        <source>ViT-Tiny/16 (timm): the smallest ViT</source>
        <translation>ViT-Tiny/16（timm）：最小的 ViT</translation>
    </message>
    <message>
        <source>RegNetY-200MF (timm): very small RegNet</source>
        <translation>RegNetY-200MF（timm）：非常小的 RegNet</translation>
    </message>
    <message>
        <source>GhostNet 1.0 (timm): cheap features for mobiles</source>
        <translation>GhostNet 1.0（timm）：以低成本生成特征，适合移动端</translation>
    </message>
    <message>
        <source>Model File to Evaluate</source>
        <translation>要评估的模型文件</translation>
    </message>
    <message>
        <source>Model files (*.pt *.pth *.pth.tar *.ckpt *.bin);;All files (*)</source>
        <translation>模型文件 (*.pt *.pth *.pth.tar *.ckpt *.bin);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Labelled Folder (one subfolder of images per class)</source>
        <translation>带标签的文件夹（每个类别一个图像子文件夹）</translation>
    </message>
    <message>
        <source>Evaluating a Model</source>
        <translation>正在评估模型</translation>
    </message>
    <message>
        <source>Cannot Evaluate the Model</source>
        <translation>无法评估模型</translation>
    </message>
    <message>
        <source>evaluating {0} on {1}</source>
        <translation>正在用 {1} 评估 {0}</translation>
    </message>
    <message>
        <source>{0} on {1}: classifying image {2} of {3}…</source>
        <translation>{0} 在 {1} 上：正在分类第 {2}/{3} 张图像…</translation>
    </message>
    <message>
        <source>{0} on {1}: writing the report (figures, heatmaps of the mistakes)…</source>
        <translation>{0} 在 {1} 上：正在生成报告（图表、错误样本的热力图）…</translation>
    </message>
    <message>
        <source>The evaluated model file is gone: {0}</source>
        <translation>被评估的模型文件已不存在：{0}</translation>
    </message>
    <message>
        <source>Evaluate a Model…</source>
        <translation>评估模型…</translation>
    </message>
    <message>
        <source>Write the report of an existing model file on a labelled folder</source>
        <translation>用已有的模型文件在带标签的文件夹上生成评估报告</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>{0} evaluated on {1}</source>
        <translation>{0} 在 {1} 上的评估</translation>
    </message>
    <message>
        <source>How the images are divided into training, validation and test sets</source>
        <translation>图像如何划分为训练集、验证集和测试集</translation>
    </message>
    <message>
        <source>&amp;Evaluate a Model…</source>
        <translation>评估模型(&amp;E)…</translation>
    </message>
    <message>
        <source>The report of an existing model file on a labelled folder: confusion matrix, per-class scores, ROC/PR, mistakes with heatmaps</source>
        <translation>已有模型文件在带标签文件夹上的报告：混淆矩阵、各类别得分、ROC/PR 曲线、附热力图的错误样本</translation>
    </message>
    <message>
        <source>Translate</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>Shift by a random amount, the edge filled by reflection (translate)</source>
        <translation>随机平移，边缘以镜像填充（translate）</translation>
    </message>
    <message>
        <source>TrivialAugment</source>
        <translation>TrivialAugment</translation>
    </message>
    <message>
        <source>One random operation of 14 (rotate, shear, colour, contrast, posterize …) at a random strength per image (trivialaugment); slower to load</source>
        <translation>每张图像从 14 种操作（旋转、剪切、颜色、对比度、色调分离 …）中随机选一种，强度随机（trivialaugment）；加载较慢</translation>
    </message>
    <message>
        <source>RandAugment</source>
        <translation>RandAugment</translation>
    </message>
    <message>
        <source>Two random operations of 14 at strength 9 per image (randaugment); slower to load</source>
        <translation>每张图像从 14 种操作中随机选两种，强度为 9（randaugment）；加载较慢</translation>
    </message>
    <message>
        <source>Translate by up to:</source>
        <translation>最大平移：</translation>
    </message>
    <message>
        <source>Translate augmentation: the largest shift, as a share of the width and height (12.5 % = 4 pixels of 32)</source>
        <translation>平移增强：最大平移量，占宽度和高度的比例（12.5 % = 32 像素中的 4 像素）</translation>
    </message>
    <message>
        <source>Mix images:</source>
        <translation>混合图像：</translation>
    </message>
    <message>
        <source>MixUp: train on blends of two images, the targets blended alike; α of the Beta(α, α) share, 0.2 is typical; 0 = off</source>
        <translation>MixUp：用两张图像的混合训练，目标按同样比例混合；α 为 Beta(α, α) 分布的参数，通常取 0.2；0 = 关闭</translation>
    </message>
    <message>
        <source>MixUp α </source>
        <translation>MixUp α </translation>
    </message>
    <message>
        <source>CutMix α</source>
        <translation>CutMix α</translation>
    </message>
    <message>
        <source>CutMix: paste a rectangle of another image, the targets mixed by its area; 1.0 is typical; 0 = off. With MixUp too, each batch gets one of the two</source>
        <translation>CutMix：粘贴另一张图像的一个矩形区域，目标按面积比例混合；通常取 1.0；0 = 关闭。同时启用 MixUp 时，每个批次使用两者之一</translation>
    </message>
    <message>
        <source>CutMix α </source>
        <translation>CutMix α </translation>
    </message>
    <message>
        <source>Weight average:</source>
        <translation>权重平均：</translation>
    </message>
    <message>
        <source>Keep an exponential moving average (EMA) of the weights with this decay, e.g. 0.999 (about the last 1000 steps), and validate, pick best.pt and test with it; off = 0</source>
        <translation>以此衰减率保存权重的指数移动平均（EMA），例如 0.999（约最近 1000 步），并用它验证、选出 best.pt 和测试；0 = 关闭</translation>
    </message>
    <message>
        <source>Cycle momentum</source>
        <translation>循环动量</translation>
    </message>
    <message>
        <source>One-cycle: the momentum (SGD) or Adam's β1 falls from 0.95 to 0.85 while the rate rises and climbs back while it falls, as torch's OneCycleLR does</source>
        <translation>单周期：学习率上升时动量（SGD）或 Adam 的 β1 从 0.95 降到 0.85，学习率下降时再回升，与 torch 的 OneCycleLR 相同</translation>
    </message>
    <message>
        <source>Batch norm:</source>
        <translation>批归一化：</translation>
    </message>
    <message>
        <source>Under torchrun with several CUDA GPUs (train.py --sync-bn): batch-norm layers use the statistics of every process's images in a step, not of each one's share (helps when each GPU holds few images). Not on CPUs. The window trains in one process, where there is nothing to synchronise</source>
        <translation>在多块 CUDA GPU 上用 torchrun 训练时（train.py --sync-bn）：批归一化层使用一步中所有进程图像的统计量，而不只是各自那一份（每块 GPU 上图像很少时有帮助）。不适用于 CPU。本窗口在单个进程中训练，无需同步</translation>
    </message>
    <message>
        <source>Synchronise across processes</source>
        <translation>跨进程同步</translation>
    </message>
    <message>
        <source>Test augmentation:</source>
        <translation>测试时增强：</translation>
    </message>
    <message>
        <source>How the final test evaluation classifies each image: as it is, or averaged over mirrored (and shifted) copies; saved with the model, so predict.py does the same</source>
        <translation>最终测试评估如何对每张图像分类：直接分类，或对镜像（及平移）副本取平均；随模型保存，predict.py 也会这样做</translation>
    </message>
    <message>
        <source>Classify each image as it is</source>
        <translation>直接对每张图像分类</translation>
    </message>
    <message>
        <source>Flip</source>
        <translation>翻转</translation>
    </message>
    <message>
        <source>Average the probabilities of the image and its mirror image</source>
        <translation>对图像及其镜像的概率取平均</translation>
    </message>
    <message>
        <source>Flip and shift</source>
        <translation>翻转和平移</translation>
    </message>
    <message>
        <source>Average the image, its mirror image and four copies shifted by 1/16 of the side: 6× the work</source>
        <translation>对图像、其镜像以及平移边长 1/16 的四个副本取平均：计算量为 6 倍</translation>
    </message>
</context>
<!-- issue 17: the training form's validation messages, in parts (ui/training/problem_text.py) -->
<context>
    <name>@default</name>
    <message>
        <source>{0} {1}, got {2}</source>
        <translation>{0}{1}，当前为 {2}</translation>
    </message>
    <message>
        <source>{0} is not a number: {1}</source>
        <translation>{0}不是数字：{1}</translation>
    </message>
    <message>
        <source>{0} must be whole epochs separated by commas, e.g. 30,60 (not: {1})</source>
        <translation>{0}必须是以逗号分隔的整数轮次，例如 30,60（无效：{1}）</translation>
    </message>
    <message>
        <source>unknown {0} {1}; choose from {2}</source>
        <translation>未知的{0} {1}；可选：{2}</translation>
    </message>
    <message>
        <source>unknown {0} {1}</source>
        <translation>未知的{0} {1}</translation>
    </message>
    <message>
        <source>output folder {0}: {1} is a file, not a folder</source>
        <translation>输出文件夹 {0}：{1} 是文件，不是文件夹</translation>
    </message>
    <message>
        <source>val and test ratios must be in [0, 1) and leave images to train on, got {0} and {1}</source>
        <translation>验证集和测试集比例必须在 [0, 1) 内，且要留下用于训练的图像，当前为 {0} 和 {1}</translation>
    </message>
    <message>
        <source>warm-up must be shorter than the run ({0} &gt;= {1} epochs)</source>
        <translation>预热必须短于整个训练（{0} &gt;= {1} 轮）</translation>
    </message>
    <message>
        <source>freeze epochs must be fewer than epochs ({0} &gt;= {1})</source>
        <translation>冻结轮数必须少于总轮数（{0} &gt;= {1}）</translation>
    </message>
    <message>
        <source>minimum learning rate must be below the learning rate ({0} &gt;= {1})</source>
        <translation>最小学习率必须低于学习率（{0} &gt;= {1}）</translation>
    </message>
    <message>
        <source>classes named more than once: {0}</source>
        <translation>重复列出的类别：{0}</translation>
    </message>
    <message>
        <source>Translate augmentation: the largest shift, as a share of the width and height; the default, an eighth, is 4 pixels of 32</source>
        <translation>平移增强：最大平移量，占宽度和高度的比例；默认为八分之一，即 32 像素中的 4 像素</translation>
    </message>
    <message>
        <source>CAM layer</source>
        <translation>CAM 层</translation>
    </message>
    <message>
        <source>EMA decay</source>
        <translation>EMA 衰减率</translation>
    </message>
    <message>
        <source>MixUp α</source>
        <translation>MixUp α</translation>
    </message>
    <message>
        <source>augmentation(s)</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <source>backbone lr scale</source>
        <translation>骨干网络学习率倍数</translation>
    </message>
    <message>
        <source>balance</source>
        <translation>类别平衡</translation>
    </message>
    <message>
        <source>batch norm</source>
        <translation>批归一化</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>cache</source>
        <translation>缓存</translation>
    </message>
    <message>
        <source>cycle momentum</source>
        <translation>循环动量</translation>
    </message>
    <message>
        <source>dataset folder</source>
        <translation>数据集文件夹</translation>
    </message>
    <message>
        <source>device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>early stopping patience</source>
        <translation>早停耐心轮数</translation>
    </message>
    <message>
        <source>freeze epochs</source>
        <translation>冻结轮数</translation>
    </message>
    <message>
        <source>gamma</source>
        <translation>gamma</translation>
    </message>
    <message>
        <source>gradient clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>input size</source>
        <translation>输入尺寸</translation>
    </message>
    <message>
        <source>label smoothing</source>
        <translation>标签平滑</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>logging</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>milestones</source>
        <translation>里程碑</translation>
    </message>
    <message>
        <source>minimum learning rate</source>
        <translation>最小学习率</translation>
    </message>
    <message>
        <source>mixed precision</source>
        <translation>混合精度</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>monitor</source>
        <translation>监控指标</translation>
    </message>
    <message>
        <source>must be 0 (off) or a positive number</source>
        <translation>必须为 0（关闭）或正数</translation>
    </message>
    <message>
        <source>must be 0 (off) or more epochs</source>
        <translation>必须为 0（关闭）或更多轮</translation>
    </message>
    <message>
        <source>must be 0 or a positive number</source>
        <translation>必须为 0 或正数</translation>
    </message>
    <message>
        <source>must be 0 or more</source>
        <translation>必须大于或等于 0</translation>
    </message>
    <message>
        <source>must be 0 or more (-1 = choose)</source>
        <translation>必须大于或等于 0（-1 = 自动选择）</translation>
    </message>
    <message>
        <source>must be a finite number</source>
        <translation>必须是有限的数</translation>
    </message>
    <message>
        <source>must be a number</source>
        <translation>必须是数字</translation>
    </message>
    <message>
        <source>must be a positive number</source>
        <translation>必须是正数</translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <translation>必须是整数</translation>
    </message>
    <message>
        <source>must be above 0</source>
        <translation>必须大于 0</translation>
    </message>
    <message>
        <source>must be at least 1</source>
        <translation>必须至少为 1</translation>
    </message>
    <message>
        <source>must be at least 1 epoch</source>
        <translation>必须至少为 1 轮</translation>
    </message>
    <message>
        <source>must be at least 16 and at most 4096</source>
        <translation>必须在 16 到 4096 之间</translation>
    </message>
    <message>
        <source>must be epochs of at least 1</source>
        <translation>必须是不小于 1 的轮次</translation>
    </message>
    <message>
        <source>must be in (0, 0.5]</source>
        <translation>必须在 (0, 0.5] 内</translation>
    </message>
    <message>
        <source>must be in (0, 1]</source>
        <translation>必须在 (0, 1] 内</translation>
    </message>
    <message>
        <source>must be in 0..4294967295</source>
        <translation>必须在 0..4294967295 内</translation>
    </message>
    <message>
        <source>must be in [0, 1)</source>
        <translation>必须在 [0, 1) 内</translation>
    </message>
    <message>
        <source>must be in [0, 1) (0 = off)</source>
        <translation>必须在 [0, 1) 内（0 = 关闭）</translation>
    </message>
    <message>
        <source>must be in [0, 10] (0 = off)</source>
        <translation>必须在 [0, 10] 内（0 = 关闭）</translation>
    </message>
    <message>
        <source>nesterov</source>
        <translation>Nesterov</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>pretrained</source>
        <translation>预训练权重</translation>
    </message>
    <message>
        <source>resize mode</source>
        <translation>缩放方式</translation>
    </message>
    <message>
        <source>schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>step size</source>
        <translation>步长</translation>
    </message>
    <message>
        <source>test-time augmentation</source>
        <translation>测试时增强</translation>
    </message>
    <message>
        <source>translate by up to</source>
        <translation>最大平移</translation>
    </message>
    <message>
        <source>val and test ratios</source>
        <translation>验证集和测试集比例</translation>
    </message>
    <message>
        <source>warm-up epochs</source>
        <translation>预热轮数</translation>
    </message>
    <message>
        <source>weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>workers</source>
        <translation>加载进程数</translation>
    </message>
</context>
<!-- merged from zh_pairs/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>Dark text on light backgrounds</source>
        <translation>浅色背景上的深色文字</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>Light text on dark backgrounds</source>
        <translation>深色背景上的浅色文字</translation>
    </message>
    <message>
        <source>Follow the &amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>Light or dark, as this computer's settings say</source>
        <translation>浅色或深色，按本机系统设置</translation>
    </message>
</context>
<!-- issue 17: the dataset scan's findings and split names -->
<context>
    <name>@default</name>
    <message>
        <source>val</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>no readable training images for: {0}</source>
        <translation>以下类别没有可读取的训练图像：{0}</translation>
    </message>
    <message>
        <source>imbalanced classes: '{0}' has {1} training images, '{2}' {3} ({4}×); consider a balanced sampler or class weights</source>
        <translation>类别不平衡：“{0}”有 {1} 张训练图像，“{2}”只有 {3} 张（{4}×）；可考虑使用加权采样或类别权重</translation>
    </message>
    <message>
        <source>classes with fewer than {0} training images: {1}</source>
        <translation>训练图像少于 {0} 张的类别：{1}</translation>
    </message>
    <message>
        <source>{0} unreadable file(s) left out</source>
        <translation>已跳过 {0} 个无法读取的文件</translation>
    </message>
    <message>
        <source>the {0} split is empty</source>
        <translation>{0}为空</translation>
    </message>
    <message>
        <source>a classifier needs at least 2 classes, one sub-folder of images each; {0} has only one: {1}</source>
        <translation>分类器至少需要 2 个类别，每个类别一个图像子文件夹；{0} 中只有一个：{1}</translation>
    </message>
    <message>
        <source>a classifier needs at least 2 classes, one sub-folder of images each; {0} has none</source>
        <translation>分类器至少需要 2 个类别，每个类别一个图像子文件夹；{0} 中一个也没有</translation>
    </message>
    <message>
        <source>class '{0}' has no images in {1}</source>
        <translation>类别“{0}”在 {1} 中没有图像</translation>
    </message>
    <message>
        <source>no class folders in {0} ({1} images lie directly in it): expected one subfolder per class, e.g. {2}, {3}</source>
        <translation>{0} 中没有类别文件夹（有 {1} 张图像直接放在其中）：每个类别应有一个子文件夹，例如 {2}、{3}</translation>
    </message>
    <message>
        <source>no class folders in {0}: expected one subfolder per class, e.g. {1}, {2}</source>
        <translation>{0} 中没有类别文件夹：每个类别应有一个子文件夹，例如 {1}、{2}</translation>
    </message>
    <message>
        <source>data folder not found: {0}</source>
        <translation>找不到数据文件夹：{0}</translation>
    </message>
    <message>
        <source>data path is not a folder: {0}</source>
        <translation>数据路径不是文件夹：{0}</translation>
    </message>
</context>
<!-- issue 17: how a run ended, and newer texts -->
<context>
    <name>@default</name>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped by the user during epoch {0}; last.pt holds epoch {1}: resume to continue</source>
        <translation>已在第 {0} 轮中由用户停止；last.pt 保存的是第 {1} 轮：可继续训练</translation>
    </message>
    <message>
        <source>the loss became {0} at epoch {1}, batch {2}: lower the learning rate or enable gradient clipping; last.pt keeps epoch {3}</source>
        <translation>损失在第 {1} 轮第 {2} 批变为 {0}：请降低学习率或启用梯度裁剪；last.pt 保存的是第 {3} 轮</translation>
    </message>
    <message>
        <source>Evaluation of {0} ({1}) on {2}</source>
        <translation>{0}（{1}）在 {2} 上的评估</translation>
    </message>
    <message>
        <source>no MixUp</source>
        <translation>不使用 MixUp</translation>
    </message>
    <message>
        <source>no CutMix</source>
        <translation>不使用 CutMix</translation>
    </message>
    <message>
        <source>val_acc</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>val_f1</source>
        <translation>验证宏平均 F1</translation>
    </message>
    <message>
        <source>val_loss</source>
        <translation>验证损失</translation>
    </message>
</context>
<!-- issue 17: test-time augmentation in the model settings -->
<context>
    <name>@default</name>
    <message>
        <source>Off: each image as it is</source>
        <translation>关闭：直接使用每张图像</translation>
    </message>
    <message>
        <source>Flip: the image and its mirror image</source>
        <translation>翻转：图像及其镜像</translation>
    </message>
    <message>
        <source>Flip and shift: also four shifted copies (6× the work)</source>
        <translation>翻转和平移：另加四个平移副本（计算量为 6 倍）</translation>
    </message>
    <message>
        <source>Average the probabilities over altered copies of each image (test-time augmentation); heatmaps stay on the plain image. Prefilled with what the model was tested with in training</source>
        <translation>对每张图像的变换副本的概率取平均（测试时增强）；热力图仍基于原图。默认填入模型训练时测试所用的设置</translation>
    </message>
    <message>
        <source>Test-time augmentation:</source>
        <translation>测试时增强：</translation>
    </message>
</context>
<!-- merged from zh_pairs/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>Time budget:</source>
        <translation>时间预算：</translation>
    </message>
    <message>
        <source>off — e.g. 15min or 1h</source>
        <translation>关闭 — 例如 15min 或 1h</translation>
    </message>
    <message>
        <source>Finish within this time: the architecture, epochs, batch size and optimiser you left at their defaults are chosen from this computer's measured speed (e.g. 15min, 90s, 1h30m); empty = off</source>
        <translation>在此时间内完成：保留默认值的网络结构、轮次、批大小和优化器将根据本机实测速度自动选择（例如 15min、90s、1h30m）；留空 = 关闭</translation>
    </message>
</context>
<!-- merged from zh_pairs/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>time budget</source>
        <translation>时间预算</translation>
    </message>
    <message>
        <source>time budget {0}: write it like 15min, 90s or 1h30m</source>
        <translation>时间预算 {0}：请写成 15min、90s 或 1h30m 的形式</translation>
    </message>
    <message>
        <source>time budget {0}: at least 30 seconds, so a few epochs fit</source>
        <translation>时间预算 {0}：至少 30 秒，才能容纳几个轮次</translation>
    </message>
</context>
<!-- the report's figures (core/reporting/figure_text.py) -->
<context>
    <name>@default</name>
    <message>
        <source>predicted</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <source>true</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <source>Counts</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Normalised by true class (diagonal = recall)</source>
        <translation>按真实类别归一化（对角线 = 召回率）</translation>
    </message>
    <message>
        <source>Confusion matrix ({0} test images)</source>
        <translation>混淆矩阵（{0} 张测试图像）</translation>
    </message>
    <message>
        <source>{0} ({1}) on {2}</source>
        <translation>{0}（{1}）在 {2} 上</translation>
    </message>
    <message>
        <source>no image path given</source>
        <translation>未提供图像路径</translation>
    </message>
    <message>
        <source>Most confident mistakes (image | Grad-CAM)</source>
        <translation>置信度最高的错误预测（图像 | Grad-CAM）</translation>
    </message>
    <message>
        <source>Most confident mistakes</source>
        <translation>置信度最高的错误预测</translation>
    </message>
    <message>
        <source>no heatmap</source>
        <translation>无热力图</translation>
    </message>
    <message>
        <source>heatmap failed</source>
        <translation>热力图生成失败</translation>
    </message>
    <message>
        <source>No test images.</source>
        <translation>没有测试图像。</translation>
    </message>
    <message>
        <source>true: {0} / pred: {1} ({2:.2f})</source>
        <translation>真实：{0} / 预测：{1}（{2:.2f}）</translation>
    </message>
    <message>
        <source>test image #{0}</source>
        <translation>测试图像 #{0}</translation>
    </message>
    <message>
        <source>No mistakes: the test image is classified correctly.</source>
        <translation>没有错误：这张测试图像分类正确。</translation>
    </message>
    <message>
        <source>1 mistake, but its image could not be read
(the log says why).</source>
        <translation>1 个错误预测，但无法读取其图像
（原因见日志）。</translation>
    </message>
    <message>
        <source>No mistakes: all {0} test images classified correctly.</source>
        <translation>没有错误：全部 {0} 张测试图像均分类正确。</translation>
    </message>
    <message>
        <source>{0} mistakes, but none of their images could be read
(the log says why).</source>
        <translation>{0} 个错误预测，但其图像均无法读取
（原因见日志）。</translation>
    </message>
    <message>
        <source>chance</source>
        <translation>随机猜测</translation>
    </message>
    <message>
        <source>false-positive rate</source>
        <translation>假阳性率</translation>
    </message>
    <message>
        <source>true-positive rate (recall)</source>
        <translation>真阳性率（召回率）</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>nothing to draw: no class has both positive and negative test images</source>
        <translation>无可绘制内容：没有类别同时具有正例和负例测试图像</translation>
    </message>
    <message>
        <source>nothing to draw: no class has any test images</source>
        <translation>无可绘制内容：没有类别具有测试图像</translation>
    </message>
    <message>
        <source>micro-average ({0} {1:.3f})</source>
        <translation>微平均（{0} {1:.3f}）</translation>
    </message>
    <message>
        <source>ROC, one class vs. rest (macro AUC {0})</source>
        <translation>ROC 曲线，一类对其余（宏平均 AUC {0}）</translation>
    </message>
    <message>
        <source>Precision-recall, one class vs. rest (macro AP {0})</source>
        <translation>精确率-召回率曲线，一类对其余（宏平均 AP {0}）</translation>
    </message>
    <message>
        <source>{0} ({1} n/a: not in test set)</source>
        <translation>{0}（{1} 不适用：不在测试集中）</translation>
    </message>
    <message>
        <source>Confusion matrix, normalised by true class</source>
        <translation>混淆矩阵（按真实类别归一化）</translation>
    </message>
    <message>
        <source>F1 per class</source>
        <translation>各类别 F1</translation>
    </message>
    <message>
        <source>Evaluation report</source>
        <translation>评估报告</translation>
    </message>
    <message>
        <source>no training history</source>
        <translation>无训练历史</translation>
    </message>
    <message>
        <source>F1 per class (dashed line: macro F1 {0:.3f})</source>
        <translation>各类别 F1（虚线：宏平均 F1 {0:.3f}）</translation>
    </message>
    <message>
        <source>{0} (best {1:.3g} @ {2:g})</source>
        <translation>{0}（最佳 {1:.3g}，第 {2:g} 轮）</translation>
    </message>
    <message>
        <source>{0} (min {1:.3g} @ {2:g})</source>
        <translation>{0}（最低 {1:.3g}，第 {2:g} 轮）</translation>
    </message>
    <message>
        <source>learning rate not recorded</source>
        <translation>未记录学习率</translation>
    </message>
    <message>
        <source>No training history recorded.</source>
        <translation>没有记录训练历史。</translation>
    </message>
    <message>
        <source>Training: 1 epoch</source>
        <translation>训练：1 个轮次</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <source>Training: {0} epochs</source>
        <translation>训练：{0} 个轮次</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>its mirror image</source>
        <translation>其镜像</translation>
    </message>
    <message>
        <source>its mirror and shifted copies</source>
        <translation>其镜像和平移副本</translation>
    </message>
    <message>
        <source>[on the image alone, as the heatmap is; the bars average it with {0}]</source>
        <translation>[仅针对原图，与热力图一致；概率条为原图与{0}的平均值]</translation>
    </message>
</context>
<!-- merged from tr/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>Compute in 16-bit floats where safe: faster on CUDA GPUs and on CPUs with bfloat16 in hardware (Intel AMX or AVX-512 BF16); greyed out where it would be slower</source>
        <translation>在安全的地方用 16 位浮点数计算：在 CUDA GPU 和硬件支持 bfloat16 的 CPU（Intel AMX 或 AVX-512 BF16）上更快；在会更慢的设备上不可选</translation>
    </message>
</context>
<!-- merged from tr/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>Progressive resizing: the first half of the epochs trains on images scaled to this share of the input size, which is faster (at 75 % an epoch costs about half), growing to the full size for the last fifth; validation and testing are at full size; 100 % = off</source>
        <translation>渐进式缩放：前一半轮次用缩小到输入尺寸这一比例的图像训练，速度更快（75 % 时一轮约花一半时间），随后逐渐增大，最后五分之一的轮次以完整尺寸训练；验证和测试始终用完整尺寸；100 % = 关闭</translation>
    </message>
    <message>
        <source>must be in [0.25, 1] (1 = off)</source>
        <translation>必须在 [0.25, 1] 内（1 = 关闭）</translation>
    </message>
    <message>
        <source>progressive resizing start size</source>
        <translation>渐进式缩放的起始尺寸</translation>
    </message>
</context>
<!-- merged from tr/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>progressive resizing needs a network that takes any input size; {0} is built for one</source>
        <translation>渐进式缩放需要能接受任意输入尺寸的网络；{0} 只适用于一种尺寸</translation>
    </message>
</context>
<!-- merged from tr/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>Progressive resizing:</source>
        <translation>渐进式缩放：</translation>
    </message>
    <message>
        <source>start at </source>
        <translation>起始 </translation>
    </message>
</context>
<!-- merged from tr/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>trained on smaller images</source>
        <translation>在缩小的图像上训练</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>Resuming {0}: the form shows the settings it trains with; your own settings come back when it ends.</source>
        <translation>正在继续训练 {0}：表单显示它所用的设置；训练结束后会恢复你自己的设置。</translation>
    </message>
    <message>
        <source>The time budget ({0}) planned {1} from this computer's speed. The form shows what the run trains with; your own settings come back when it ends.</source>
        <translation>时间预算（{0}）根据本机速度规划了：{1}。表单显示本次训练所用的设置；训练结束后会恢复你自己的设置。</translation>
    </message>
    <message>
        <source>The time budget ({0}) kept every setting as you set it.</source>
        <translation>时间预算（{0}）保留了你设置的全部选项。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>Time budget: measuring how fast this computer trains…</source>
        <translation>时间预算：正在测量本机的训练速度…</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>Replacing removes all of them (results.csv, results.txt, overlays/ and panels/) for this run's results; nothing else in the folder is touched. Or keep them and choose another save folder.</source>
        <translation>替换会删除它们全部（results.csv、results.txt、overlays/ 和 panels/），换成本次运行的结果；文件夹中的其他内容不受影响。也可以保留它们，另选一个保存文件夹。</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>Stopped after {0} of {1} images ({2})</source>
        <translation>已停止：完成 {0} / {1} 张图像（{2}）</translation>
    </message>
    <message>
        <source>Stopped after {0} of {1} images</source>
        <translation>已停止：完成 {0} / {1} 张图像</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>1 image in {0}</source>
        <translation>{0} 中有 1 张图像</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>Heatma&amp;p</source>
        <translation>热力图(&amp;P)</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>Exported {0} results to {1}</source>
        <translation>已将 {0} 条结果导出到 {1}</translation>
    </message>
    <message>
        <source>The table shows {0} of {1} results.</source>
        <translation>表格中显示 {1} 条结果中的 {0} 条。</translation>
    </message>
    <message>
        <source>Export only those shown, in the table's order, or all of them in folder order?</source>
        <translation>只导出显示的结果（按表格顺序），还是导出全部结果（按文件夹顺序）？</translation>
    </message>
    <message>
        <source>Only the {0} Shown</source>
        <translation>仅导出显示的 {0} 条</translation>
    </message>
    <message>
        <source>All {0}</source>
        <translation>全部 {0} 条</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>the open folder</source>
        <translation>当前打开的文件夹</translation>
    </message>
    <message>
        <source>no images at hand</source>
        <translation>手头没有图像</translation>
    </message>
    <message>
        <source>checked on {0}: max |Δlogit| {1:.1e} ({2}), same top-1 on {3}/{4}</source>
        <translation>已在{0}上检验：最大 |Δlogit| 为 {1:.1e}（{2}），top-1 一致 {3}/{4}</translation>
    </message>
    <message>
        <source>{0} random inputs ({1})</source>
        <translation>{0} 个随机输入（{1}）</translation>
    </message>
    <message>
        <source>, 1e-5 of the largest |logit|, {0:.0f}</source>
        <translation>，即最大 |logit|（{0:.0f}）的 1e-5</translation>
    </message>
    <message>
        <source>≤ {0}{1}</source>
        <translation>≤ {0}{1}</translation>
    </message>
    <message>
        <source>more than the {0} allowed{1}</source>
        <translation>超过允许的 {0}{1}</translation>
    </message>
    <message>
        <source>1 image from {0}</source>
        <translation>{0}中的 1 张图像</translation>
    </message>
    <message>
        <source>{0} images from {1}</source>
        <translation>{1}中的 {0} 张图像</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>No metrics: this folder's sub-folders are not named after the model's classes, so its images have no true class to compare with</source>
        <translation>没有指标：此文件夹的子文件夹未按模型的类别命名，因此图像没有可供比较的真实类别</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>results.csv, results.txt, overlays and three-panel figures written to {0}</source>
        <translation>results.csv、results.txt、叠加图和三联图已写入 {0}</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>This heatmap is flat: the image is only {0}×{1} px, too small for any layer or method to show where the model looked.</source>
        <translation>此热力图是平的：图像只有 {0}×{1} 像素，太小了，任何层或方法都无法显示模型关注的位置。</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>Maps finer than 4 pixels per cell draw the image's edges, which stay when the model's weights are randomised.</source>
        <translation>每格不足 4 像素的图描绘的是图像的边缘，即使随机化模型权重也依然存在。</translation>
    </message>
    <message>
        <source>A 1×1 map cannot point anywhere.</source>
        <translation>1×1 的图无法指向任何位置。</translation>
    </message>
    <message>
        <source>Not scored: {0}.</source>
        <translation>未评分：{0}。</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>deletion</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>insertion</source>
        <translation>插入</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>file not found</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>没有访问权限</translation>
    </message>
    <message>
        <source>broken link: target {0} does not exist</source>
        <translation>链接失效：目标 {0} 不存在</translation>
    </message>
    <message>
        <source>broken link: {0} cannot be reached ({1})</source>
        <translation>链接失效：无法访问 {0}（{1}）</translation>
    </message>
    <message>
        <source>cannot access file: {0}</source>
        <translation>无法访问文件：{0}</translation>
    </message>
    <message>
        <source>is a directory, not an image file</source>
        <translation>这是文件夹，不是图像文件</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>不是普通文件</translation>
    </message>
    <message>
        <source>empty file (0 bytes)</source>
        <translation>空文件（0 字节）</translation>
    </message>
    <message>
        <source>image too large: {0}×{1} pixels (limit {2} MP)</source>
        <translation>图像过大：{0}×{1} 像素（上限 {2} MP）</translation>
    </message>
    <message>
        <source>image too large: {0} MP (limit {1} MP)</source>
        <translation>图像过大：{0} MP（上限 {1} MP）</translation>
    </message>
    <message>
        <source>image too large: {0} (limit {1} MP)</source>
        <translation>图像过大：{0}（上限 {1} MP）</translation>
    </message>
    <message>
        <source>not an image file (cannot identify format)</source>
        <translation>不是图像文件（无法识别格式）</translation>
    </message>
    <message>
        <source>not enough memory to decode image</source>
        <translation>内存不足，无法解码图像</translation>
    </message>
    <message>
        <source>truncated file</source>
        <translation>文件不完整（已截断）</translation>
    </message>
    <message>
        <source>corrupt or unsupported image: {0}</source>
        <translation>图像已损坏或格式不受支持：{0}</translation>
    </message>
    <message>
        <source>unsupported mode {0}</source>
        <translation>不支持的颜色模式 {0}</translation>
    </message>
    <message>
        <source>overlay not written: disk full</source>
        <translation>叠加图未写入：磁盘已满</translation>
    </message>
    <message>
        <source>overlay not written: {0}</source>
        <translation>叠加图未写入：{0}</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Text (*.txt)</source>
        <translation>文本 (*.txt)</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>{0} already exists. Replace it?</source>
        <translation>{0} 已存在。要替换它吗？</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>No program on this computer opens folders. The report is in:</source>
        <translation>这台计算机上没有能打开文件夹的程序。报告位于：</translation>
    </message>
    <message>
        <source>Copy Path</source>
        <translation>复制路径</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>output folder {0}: {1} is on a read-only disk</source>
        <translation>输出文件夹 {0}：{1} 位于只读磁盘上</translation>
    </message>
    <message>
        <source>output folder {0}: no permission to write in {1}</source>
        <translation>输出文件夹 {0}：没有在 {1} 中写入的权限</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>Training…</source>
        <translation>训练中…</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>Replacing removes all of them (results.csv, results.txt and the overlays and panels that run wrote) for this run's results; nothing else in the folder is touched. Or keep them and choose another save folder.</source>
        <translation>替换会删除它们全部（results.csv、results.txt 以及那次运行写入的叠加图和面板图），换成本次运行的结果；文件夹中的其他内容不受影响。也可以保留它们，另选一个保存文件夹。</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>no {0} images for: {1} (too few images to set some aside); its {2} scores will not cover them</source>
        <translation>以下类别没有{0}图像：{1}（图像太少，无法留出）；{2}得分不会涵盖它们</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>{0:.1f} M parameters</source>
        <translation>{0:.1f} M 参数</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>No metrics: the images are not in sub-folders named after the model's classes, so they have no true class to compare with</source>
        <translation>没有指标：这些图像不在以模型类别命名的子文件夹中，因此没有可供比较的真实类别</translation>
    </message>
    <message>
        <source> — {0} image(s) not in a class's folder, not counted</source>
        <translation>——{0} 张图像不在类别文件夹中，未计入</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>Done: {0} images in {1}, {2} unreadable</source>
        <translation>完成：{0} 张图像，用时 {1}，{2} 张无法读取</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>No layer could be scored: blurring the whole image barely changes these predictions, so removing part of it tests nothing</source>
        <translation>没有可评分的层：模糊整张图像几乎不改变这些预测，因此移除其中一部分无法检验任何东西</translation>
    </message>
    <message>
        <source>.</source>
        <translation>。</translation>
    </message>
    <message>
        <source>{0}: removing the 20% it highlights takes {1} of what the class can lose, beyond as many random pixels ({2:+.0f} points)</source>
        <translation>{0}：移除其高亮的 20% 会带走该类别可损失部分的 {1}，超出移除同样多随机像素的效果（{2:+.0f} 个百分点）</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>. Preferred for its finer map: within {0} of the best</source>
        <translation>。因其特征图更精细而优先：与最佳相差不到 {0}</translation>
    </message>
    <message>
        <source>No layer could be scored: {0}</source>
        <translation>没有可评分的层：{0}</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>class '{0}' has no images in {1}: put images in it or remove the folder</source>
        <translation>类别“{0}”在 {1} 中没有图像：请放入图像或删除该文件夹</translation>
    </message>
    <message>
        <source>classes {0} have no images in {1}: put images in them or remove the folders</source>
        <translation>类别 {0} 在 {1} 中没有图像：请放入图像或删除这些文件夹</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>class '{0}' has no images in {1}: put images in it, remove the folder or leave it out with --classes {2}</source>
        <translation>类别“{0}”在 {1} 中没有图像：请放入图像、删除该文件夹，或只训练其余类别（“类别”：{2}）</translation>
    </message>
    <message>
        <source>classes {0} have no images in {1}: put images in them, remove the folders or leave them out with --classes {2}</source>
        <translation>类别 {0} 在 {1} 中没有图像：请放入图像、删除这些文件夹，或只训练其余类别（“类别”：{2}）</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>Maps finer than 4 pixels per cell often trace the image's edges, which the removal test rewards whether or not the model relies on them, so they are not proposed; Heatmap → Sanity Check… tests such a layer with your method.</source>
        <translation>每格不足 4 像素的图往往描绘图像的边缘，无论模型是否依赖这些边缘，移除测试都会给它们高分，因此不予推荐；“热力图 → 合理性检查…”可用你的方法检验这样的层。</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>Which architecture?</source>
        <translation>哪种网络架构？</translation>
    </message>
    <message>
        <source>{0} was not opened</source>
        <translation>未打开 {0}</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>{0} does not say which architecture it is, and its layers match none that GradLens recognises by itself. Choose the one it was trained as, or type a timm model as timm/NAME:</source>
        <translation>{0} 没有说明它是哪种网络架构，其各层也不符合 GradLens 能自行识别的任何架构。请选择它训练时所用的架构，或以 timm/名称 的形式输入 timm 模型：</translation>
    </message>
</context>
<!-- merged from tsv/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
</context>
<!-- merged from tsv_h/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>class '{0}' has no images in {1}: put images in it, remove the folder or leave it out by setting Classes to {2}</source>
        <translation>类别“{0}”在 {1} 中没有图像：请放入图像、删除该文件夹，或只训练其余类别（将“类别”设为 {2}）</translation>
    </message>
    <message>
        <source>classes {0} have no images in {1}: put images in them, remove the folders or leave them out by setting Classes to {2}</source>
        <translation>类别 {0} 在 {1} 中没有图像：请放入图像、删除这些文件夹，或只训练其余类别（将“类别”设为 {2}）</translation>
    </message>
</context>
<!-- merged from h1/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>No test images for this model</source>
        <translation>此模型没有测试图像</translation>
    </message>
    <message>
        <source>{0} is loaded, but this run has no held-out images to show: the images on show were not chosen for this model.</source>
        <translation>已加载 {0}，但此次运行没有可显示的留出图像：当前显示的图像不是为此模型准备的。</translation>
    </message>
    <message>
        <source>{0} has changed since this run drew its split from it, so which of its images were held out is no longer known.</source>
        <translation>{0} 在此次运行划分数据之后有过改动，因此已无法知道哪些图像是留出的。</translation>
    </message>
</context>
<!-- merged from h4/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>{0} was not opened: the previous model stays loaded.</source>
        <translation>未打开 {0}：仍使用之前加载的模型。</translation>
    </message>
    <message>
        <source>{0} is not a model file: it is {1}</source>
        <translation>{0} 不是模型文件：它是{1}</translation>
    </message>
    <message>
        <source>the weights are not a {0}: {1} parameter names</source>
        <translation>权重不是 {0} 的：参数名{1}</translation>
    </message>
    <message>
        <source>{0} is a folder, not a model file: choose the .pt file in it</source>
        <translation>{0} 是文件夹，不是模型文件：请选择其中的 .pt 文件</translation>
    </message>
    <message>
        <source>model file not found: {0}</source>
        <translation>找不到模型文件：{0}</translation>
    </message>
    <message>
        <source>{0} is empty (0 bytes)</source>
        <translation>{0} 是空文件（0 字节）</translation>
    </message>
    <message>
        <source>{0} is an ONNX model, an export already: give the GradLens model file (.pt) it was exported from (predict.py --model {1} classifies with it, without heatmaps)</source>
        <translation>{0} 是 ONNX 模型，即已导出的文件：请打开导出它的 GradLens 模型文件（.pt）（predict.py --model {1} 可用它分类，但没有热力图）</translation>
    </message>
    <message>
        <source>{0} is a TorchScript file (an export, for running without GradLens): open the GradLens model file it was exported from</source>
        <translation>{0} 是 TorchScript 文件（导出后供脱离 GradLens 运行）：请打开导出它的 GradLens 模型文件</translation>
    </message>
    <message>
        <source>cannot unpickle {0}: {1}</source>
        <translation>无法反序列化 {0}：{1}</translation>
    </message>
    <message>
        <source>{0} contains code that would run when the file is opened (it calls {1}). GradLens did not run it and will not open this file: a model file needs no code. Ask its author for the weights alone (torch.save(model.state_dict(), 'weights.pt')).</source>
        <translation>{0} 含有打开文件时就会运行的代码（它调用 {1}）。GradLens 没有运行它，也不会打开此文件：模型文件不需要代码。请向作者索取单独的权重（torch.save(model.state_dict(), 'weights.pt')）。</translation>
    </message>
    <message>
        <source>{0} contains code: it is a whole pickled model ({1}), not just weights. Opening it would run that code, so GradLens did not open it. If you trust its source, you may open it anyway, or convert it once to plain weights with: {2}</source>
        <translation>{0} 含有代码：它是整个被 pickle 保存的模型（{1}），而不只是权重。打开它会运行这些代码，因此 GradLens 没有打开它。如果信任其来源，可以仍然打开；或用以下命令将其一次性转换为纯权重：{2}</translation>
    </message>
    <message>
        <source>{0} is not a model file (neither a PyTorch file nor a pickle)</source>
        <translation>{0} 不是模型文件（既不是 PyTorch 文件，也不是 pickle）</translation>
    </message>
    <message>
        <source>{0} is damaged (cut short or corrupted): {1}</source>
        <translation>{0} 已损坏（不完整或内容损坏）：{1}</translation>
    </message>
    <message>
        <source>cannot read {0}: {1}</source>
        <translation>无法读取 {0}：{1}</translation>
    </message>
    <message>
        <source>the file was written by a newer GradLens (format {0}); update GradLens</source>
        <translation>该文件由更新版本的 GradLens 写入（格式 {0}）；请更新 GradLens</translation>
    </message>
    <message>
        <source>{0} is a GradLens model file without 'state_dict' (the weights): it is damaged or was written by another program</source>
        <translation>{0} 是缺少 'state_dict'（权重）的 GradLens 模型文件：它已损坏，或由其他程序写入</translation>
    </message>
    <message>
        <source>the file holds a {0}, not a {1}</source>
        <translation>文件中是 {0}，不是 {1}</translation>
    </message>
    <message>
        <source>the weights have no {0} classifier head ({1})</source>
        <translation>权重中没有 {0} 的分类头（{1}）</translation>
    </message>
    <message>
        <source>the model predicts {0} classes but {1} class names were given</source>
        <translation>模型预测 {0} 个类别，但给出了 {1} 个类别名</translation>
    </message>
    <message>
        <source>these weights are a {0}'s: choose {1} as the architecture</source>
        <translation>这些权重属于 {0}：请选择 {1} 作为网络结构</translation>
    </message>
    <message>
        <source>no model weights found in the file (top-level keys: {0})</source>
        <translation>文件中找不到模型权重（顶层键：{0}）</translation>
    </message>
    <message>
        <source>no model weights found in the file (it holds a {0})</source>
        <translation>文件中找不到模型权重（其中是 {0}）</translation>
    </message>
    <message>
        <source>{0} layer(s) have the wrong shape for {1} ({2})</source>
        <translation>{0} 个层的形状与 {1} 不符（{2}）</translation>
    </message>
    <message>
        <source>the weights have no classifier head ({0})</source>
        <translation>权重中没有分类头（{0}）</translation>
    </message>
    <message>
        <source>architecture not stated in the file; recognised as {0} from its layers</source>
        <translation>文件未注明网络结构；根据其层识别为 {0}</translation>
    </message>
    <message>
        <source>the file's architecture {0} is timm's: built as {1}</source>
        <translation>文件中的网络结构 {0} 属于 timm：按 {1} 构建</translation>
    </message>
    <message>
        <source>input size {0} as given, not the file's {1}</source>
        <translation>输入尺寸按所给的 {0}，而不是文件中的 {1}</translation>
    </message>
    <message>
        <source>resize mode {0} as given, not the file's {1}</source>
        <translation>缩放方式按所给的 {0}，而不是文件中的 {1}</translation>
    </message>
    <message>
        <source>mean {0} as given, not the file's {1}</source>
        <translation>均值按所给的 {0}，而不是文件中的 {1}</translation>
    </message>
    <message>
        <source>std {0} as given, not the file's {1}</source>
        <translation>标准差按所给的 {0}，而不是文件中的 {1}</translation>
    </message>
    <message>
        <source>a PNG image</source>
        <translation>一张 PNG 图像</translation>
    </message>
    <message>
        <source>a JPEG image</source>
        <translation>一张 JPEG 图像</translation>
    </message>
    <message>
        <source>a GIF image</source>
        <translation>一张 GIF 图像</translation>
    </message>
    <message>
        <source>a BMP image</source>
        <translation>一张 BMP 图像</translation>
    </message>
    <message>
        <source>a PDF document</source>
        <translation>一份 PDF 文档</translation>
    </message>
    <message>
        <source>a gzip archive</source>
        <translation>一个 gzip 压缩包</translation>
    </message>
    <message>
        <source>an HDF5 (Keras) file</source>
        <translation>一个 HDF5（Keras）文件</translation>
    </message>
    <message>
        <source>a RIFF (WebP/WAV) file</source>
        <translation>一个 RIFF（WebP/WAV）文件</translation>
    </message>
    <message>
        <source>a safetensors file</source>
        <translation>一个 safetensors 文件</translation>
    </message>
    <message>
        <source>a zip archive that is not a PyTorch file</source>
        <translation>一个不是 PyTorch 文件的 zip 压缩包</translation>
    </message>
    <message>
        <source>text starting {0}</source>
        <translation>以 {0} 开头的文本</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>missing {0} (e.g. {1})</source>
        <translation>缺少 {0} 个（如 {1}）</translation>
    </message>
    <message>
        <source>unexpected {0} (e.g. {1})</source>
        <translation>多出 {0} 个（如 {1}）</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
</context>
<!-- merged from h2/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>Shown once the problem with this dataset folder is fixed.</source>
        <translation>解决该数据集文件夹的问题后即可显示。</translation>
    </message>
    <message>
        <source>output folder {0}: no folder can be made in {1}</source>
        <translation>输出文件夹 {0}：无法在 {1} 中创建文件夹</translation>
    </message>
    <message>
        <source>Time budget {0}: measuring how fast this computer trains · elapsed {1}</source>
        <translation>时间预算 {0}：正在测量本机的训练速度 · 已用 {1}</translation>
    </message>
    <message>
        <source>Preparing the data · elapsed {0}</source>
        <translation>正在准备数据 · 已用 {0}</translation>
    </message>
</context>
<!-- merged from h5t/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>Computing heatmap…</source>
        <translation>正在计算热力图…</translation>
    </message>
</context>
<!-- merged from cli/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>Cannot resume {0}: it has no config.json (the run's settings), so it is not a run folder to resume</source>
        <translation>无法继续训练 {0}：其中没有 config.json（该运行的设置），因此它不是可以继续训练的运行文件夹</translation>
    </message>
</context>
<!-- merged from mw/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>No images GradLens can read in this folder: it looks for JPEG, PNG, BMP, GIF, TIFF, WebP and similar files, in subfolders too.</source>
        <translation>此文件夹中没有 GradLens 能读取的图像：它查找 JPEG、PNG、BMP、GIF、TIFF、WebP 等文件，也查找子文件夹。</translation>
    </message>
    <message>
        <source>No images in {0}</source>
        <translation>{0} 中没有图像</translation>
    </message>
    <message>
        <source>Nothing to export yet: classify a folder first (Run, Ctrl+R).</source>
        <translation>还没有可导出的结果：请先分类一个文件夹（运行，Ctrl+R）。</translation>
    </message>
    <message>
        <source>&amp;Open Image Folder…</source>
        <translation>打开图像文件夹(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Image…</source>
        <translation>打开图像(&amp;I)…</translation>
    </message>
    <message>
        <source>Choose &amp;Save Folder…</source>
        <translation>选择保存文件夹(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Load Model…</source>
        <translation>加载模型(&amp;L)…</translation>
    </message>
    <message>
        <source>Model Se&amp;ttings…</source>
        <translation>模型设置(&amp;T)…</translation>
    </message>
    <message>
        <source>Save Model as &amp;GradLens File…</source>
        <translation>将模型另存为 GradLens 文件(&amp;G)…</translation>
    </message>
    <message>
        <source>E&amp;xport Model…</source>
        <translation>导出模型(&amp;X)…</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>Pre&amp;vious</source>
        <translation>上一张(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>下一张(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation>播放(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Export Results…</source>
        <translation>导出结果(&amp;E)…</translation>
    </message>
    <message>
        <source>Also Save Three-&amp;Panel Figures</source>
        <translation>同时保存三联图(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Copy Misclassified Images…</source>
        <translation>复制误分类图像(&amp;C)…</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom O&amp;ut</source>
        <translation>缩小(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Train a Model…</source>
        <translation>训练模型(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About GradLens</source>
        <translation>关于 GradLens(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Side &amp;by Side</source>
        <translation>并排显示(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Original Only</source>
        <translation>仅原图(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Heatmap Only</source>
        <translation>仅热力图(&amp;H)</translation>
    </message>
    <message>
        <source>O&amp;verlay Only</source>
        <translation>仅叠加图(&amp;V)</translation>
    </message>
    <message>
        <source>Top-&amp;k</source>
        <translation>前 k 个类别(&amp;K)</translation>
    </message>
    <message>
        <source>Heat&amp;map</source>
        <translation>热力图(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Results</source>
        <translation>结果(&amp;R)</translation>
    </message>
    <message>
        <source>M&amp;etrics</source>
        <translation>指标(&amp;E)</translation>
    </message>
    <message>
        <source>Lo&amp;g</source>
        <translation>日志(&amp;G)</translation>
    </message>
    <message>
        <source>Recent &amp;Folders</source>
        <translation>最近的文件夹(&amp;F)</translation>
    </message>
    <message>
        <source>Recent &amp;Models</source>
        <translation>最近的模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Compare Methods…</source>
        <translation>比较方法(&amp;C)…</translation>
    </message>
    <message>
        <source>Find the Best &amp;Layer…</source>
        <translation>查找最佳层(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Sanity Check…</source>
        <translation>合理性检查(&amp;S)…</translation>
    </message>
</context>
<!-- merged from tw/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>Stopped before training began: no run folder was made.</source>
        <translation>已在训练开始前停止：未创建运行文件夹。</translation>
    </message>
    <message>
        <source>stopped while measuring this computer's speed; nothing was trained or written</source>
        <translation>在测量本机速度时停止；未进行训练，也未写入任何文件</translation>
    </message>
    <message>
        <source>Learning-rate range test is running</source>
        <translation>学习率范围测试正在运行</translation>
    </message>
    <message>
        <source>Stop the learning-rate range test? It will suggest no learning rate; Find LR runs it again.</source>
        <translation>停止学习率范围测试？它将不会给出建议的学习率；点击“查找学习率”可重新运行。</translation>
    </message>
    <message>
        <source>Learning-rate range test stopped before it tried every rate: no learning rate suggested.</source>
        <translation>学习率范围测试在尝试所有学习率之前已停止：未给出建议的学习率。</translation>
    </message>
    <message>
        <source>output folder {0} is a file, not a folder</source>
        <translation>输出文件夹 {0} 是文件，不是文件夹</translation>
    </message>
</context>
<!-- merged from lead/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>the time budget ended the run after {0} of the {1} epochs it had fitted: this computer ran slower than when it was measured</source>
        <translation>时间预算在其排定的 {1} 轮中训练完 {0} 轮后结束了运行：本机此时比测速时慢</translation>
    </message>
</context>
<!-- merged from tw/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>stopped while preparing the data; nothing was trained or written</source>
        <translation>准备数据时已停止；未训练也未写入任何内容</translation>
    </message>
    <message>
        <source>Finding a learning rate…</source>
        <translation>正在查找学习率…</translation>
    </message>
    <message>
        <source>Not measured by Find LR</source>
        <translation>“查找学习率”不测量准确率</translation>
    </message>
    <message>
        <source>Its curve is shown in the form when it ends</source>
        <translation>结束后其曲线显示在表单中</translation>
    </message>
    <message numerus="yes">
        <source>%n unreadable file(s) left out</source>
        <translation>
            <numerusform>已跳过 %n 个无法读取的文件</numerusform>
        </translation>
    </message>
    <message>
        <source>learning-rate range test: {0} on {1}</source>
        <translation>学习率范围测试：{1} 上的 {0}</translation>
    </message>
    <message>
        <source>range test stopped before it tried every rate; lr_finder.png and lr_finder.csv were not written</source>
        <translation>范围测试在尝试所有学习率之前已停止；未写入 lr_finder.png 和 lr_finder.csv</translation>
    </message>
    <message>
        <source>suggested learning rate: {0}; curve: {1}</source>
        <translation>建议的学习率：{0}；曲线：{1}</translation>
    </message>
    <message>
        <source>Stopped before training resumed: {0} is as it was.</source>
        <translation>已在继续训练前停止：{0} 保持原样。</translation>
    </message>
</context>
<!-- merged from mw/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>{0}: {1}. Choose the architecture it was trained as:</source>
        <translation>{0}：{1}。请选择它训练时所用的网络结构：</translation>
    </message>
    <message>
        <source>Which class names?</source>
        <translation>哪些类别名称？</translation>
    </message>
    <message>
        <source>{0}: {1}. Give one class name a line, in the order of the model's outputs:</source>
        <translation>{0}：{1}。请按模型输出的顺序填写类别名称，每行一个：</translation>
    </message>
    <message>
        <source>these weights are a {0}'s, though the file says {1}</source>
        <translation>这些权重属于 {0}，而文件写的是 {1}</translation>
    </message>
    <message>
        <source>the file names {0} classes for its {1} outputs</source>
        <translation>文件为其 {1} 个输出列出了 {0} 个类别名称</translation>
    </message>
    <message>
        <source>Nothing to play: open a folder of images first.</source>
        <translation>没有可播放的内容：请先打开一个图像文件夹。</translation>
    </message>
    <message>
        <source>No readable image to play.</source>
        <translation>没有可读取的图像可播放。</translation>
    </message>
    <message>
        <source>Done: none of the {0} images could be read ({1})</source>
        <translation>完成：{0} 张图像都无法读取（用时 {1}）</translation>
    </message>
</context>
<!-- merged from b/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>{0} is damaged: it says {1}, but holds a {2}'s weights; no option opens it, use an undamaged copy</source>
        <translation>{0} 已损坏：文件写的是 {1}，但其中是 {2} 的权重；任何选项都无法打开它，请使用未损坏的副本</translation>
    </message>
    <message>
        <source>{0} is damaged: it names {1} for its {2}; no option opens it, use an undamaged copy</source>
        <translation>{0} 已损坏：它为其 {2}列出了 {1}；任何选项都无法打开它，请使用未损坏的副本</translation>
    </message>
    <message>
        <source>{0} class</source>
        <translation>{0} 个类别</translation>
    </message>
    <message>
        <source>{0} classes</source>
        <translation>{0} 个类别</translation>
    </message>
    <message>
        <source>{0} output</source>
        <translation>{0} 个输出</translation>
    </message>
    <message>
        <source>{0} outputs</source>
        <translation>{0} 个输出</translation>
    </message>
    <message>
        <source>“{0}” is given twice: each class needs its own name.</source>
        <translation>“{0}” 出现了两次：每个类别都需要自己的名称。</translation>
    </message>
    <message>
        <source>Give one name a line for each of the model's {0} outputs ({1} given).</source>
        <translation>请为模型的 {0} 个输出各写一个名称，每行一个（现有 {1} 个）。</translation>
    </message>
    <message>
        <source>{0} layer has the wrong shape for {1} ({2})</source>
        <translation>{0} 个层的形状与 {1} 不符（{2}）</translation>
    </message>
    <message>
        <source>{0} layers have the wrong shape for {1} ({2})</source>
        <translation>{0} 个层的形状与 {1} 不符（{2}）</translation>
    </message>
    <message>
        <source>Stopped after 0 of 1 image ({0})</source>
        <translation>已停止：完成 0 / 1 张图像（{0}）</translation>
    </message>
    <message>
        <source>Stopped after 0 of 1 image</source>
        <translation>已停止：完成 0 / 1 张图像</translation>
    </message>
    <message>
        <source>Done: the 1 image could not be read ({0})</source>
        <translation>完成：这 1 张图像无法读取（用时 {0}）</translation>
    </message>
    <message>
        <source>Done: 1 image in {0}</source>
        <translation>完成：1 张图像，用时 {0}</translation>
    </message>
    <message>
        <source> — 1 image not in a class's folder, not counted</source>
        <translation>——1 张图像不在类别文件夹中，未计入</translation>
    </message>
    <message>
        <source> — {0} images not in a class's folder, not counted</source>
        <translation>——{0} 张图像不在类别文件夹中，未计入</translation>
    </message>
    <message>
        <source>1 misclassified image will go to {0}, in a sub-folder named 'true class → predicted'.</source>
        <translation>1 张误分类图像将放入 {0}，按“真实类别 → 预测类别”放在子文件夹中。</translation>
    </message>
    <message>
        <source>1 misclassified image moved to {0}</source>
        <translation>已将 1 张误分类图像移动到 {0}</translation>
    </message>
    <message>
        <source>1 misclassified image copied to {0}</source>
        <translation>已将 1 张误分类图像复制到 {0}</translation>
    </message>
</context>
<!-- merged from c/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>1 file: {0} classified, {1} unreadable</source>
        <translation>1 个文件：{0} 个已分类，{1} 个无法读取</translation>
    </message>
    <message>
        <source>{0} files: {1} classified, {2} unreadable</source>
        <translation>{0} 个文件：{1} 个已分类，{2} 个无法读取</translation>
    </message>
    <message>
        <source>unreadable: {0}: {1}</source>
        <translation>无法读取：{0}：{1}</translation>
    </message>
    <message>
        <source>accuracy {0} on 1 labelled image</source>
        <translation>准确率 {0}（1 张带标签的图像）</translation>
    </message>
    <message>
        <source>accuracy {0} on {1} labelled images</source>
        <translation>准确率 {0}（{1} 张带标签的图像）</translation>
    </message>
    <message>
        <source>heatmaps that show nothing: {0}</source>
        <translation>没有显示任何内容的热力图：{0}</translation>
    </message>
    <message>
        <source>{0} nan</source>
        <translation>{0} 张无法计算</translation>
    </message>
    <message>
        <source>{0} zero</source>
        <translation>{0} 张为空</translation>
    </message>
    <message>
        <source>{0} weak</source>
        <translation>{0} 张太弱</translation>
    </message>
    <message>
        <source>{0} flat</source>
        <translation>{0} 张是平的</translation>
    </message>
    <message>
        <source>this run's results of 1 finished image are not written; the earlier results in {0} are kept unchanged</source>
        <translation>本次运行已完成的 1 张图像的结果未写入；{0} 中先前的结果保持不变</translation>
    </message>
    <message>
        <source>this run's results of {0} finished images are not written; the earlier results in {1} are kept unchanged</source>
        <translation>本次运行已完成的 {0} 张图像的结果未写入；{1} 中先前的结果保持不变</translation>
    </message>
    <message>
        <source>results of the 1 finished image are in {0}</source>
        <translation>已完成的 1 张图像的结果在 {0} 中</translation>
    </message>
    <message>
        <source>results of the {0} finished images are in {1}</source>
        <translation>已完成的 {0} 张图像的结果在 {1} 中</translation>
    </message>
    <message>
        <source>class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>f1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>support</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>(mean over the {0} of {1} classes with images)</source>
        <translation>（{1} 个类别中有图像的 {0} 个的平均值）</translation>
    </message>
    <message>
        <source>Stopped after 0 of 1 image: {0}</source>
        <translation>已停止：完成 0 / 1 张图像；{0}</translation>
    </message>
    <message>
        <source>Stopped after {0} of {1} images: {2}</source>
        <translation>已停止：完成 {0} / {1} 张图像；{2}</translation>
    </message>
    <message>
        <source>wrote {0} ({1} MB): ONNX opset {2}, dynamic batch, class names and preprocessing in its metadata</source>
        <translation>已写入 {0}（{1} MB）：ONNX opset {2}，批大小可变，类别名和预处理保存在其元数据中</translation>
    </message>
    <message>
        <source>wrote {0} ({1} MB): TorchScript (traced), any batch size, class names and preprocessing in its {2}</source>
        <translation>已写入 {0}（{1} MB）：TorchScript（追踪），任意批大小，类别名和预处理保存在其 {2} 中</translation>
    </message>
    <message>
        <source>Sanity check: randomising the model's weights and comparing the heatmaps of 1 image…</source>
        <translation>合理性检查：正在随机化模型权重并比较 1 张图像的热力图…</translation>
    </message>
    <message>
        <source>sanity check on 1 image: {0}</source>
        <translation>对 1 张图像的合理性检查：{0}</translation>
    </message>
    <message>
        <source>Scoring the layers' heatmaps on 1 image…</source>
        <translation>正在用 1 张图像为各层的热力图评分…</translation>
    </message>
    <message>
        <source>{0} heatmaps of 1 image from the open folder, scored per layer: blurring the 20 % each map highlights should cost the predicted class more than blurring as many random pixels.</source>
        <translation>对打开文件夹中 1 张图像的 {0} 热力图逐层评分：模糊每张图高亮的 20 % 区域，对预测类别的影响应大于模糊同样多的随机像素。</translation>
    </message>
    <message>
        <source>Exported 1 result to {0}</source>
        <translation>已将 1 条结果导出到 {0}</translation>
    </message>
    <message>
        <source>The save folder {0} already holds results of an earlier run (1 file, {1}).</source>
        <translation>保存文件夹 {0} 中已有之前运行的结果（1 个文件：{1}）。</translation>
    </message>
    <message>
        <source>Model: {0} ({1}, 1 class)</source>
        <translation>模型：{0}（{1}，1 个类别）</translation>
    </message>
</context>
<!-- merged from d/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>the disk is full (writing to {0}): stopped after {1} of 1 image; {2}; free some space and run again</source>
        <translation>磁盘已满（写入 {0} 时）：完成 {1} / 1 张图像后停止；{2}；请腾出一些空间后重新运行</translation>
    </message>
    <message>
        <source>the disk is full (writing to {0}): stopped after {1} of {2} images; {3}; free some space and run again</source>
        <translation>磁盘已满（写入 {0} 时）：完成 {1} / {2} 张图像后停止；{3}；请腾出一些空间后重新运行</translation>
    </message>
    <message>
        <source>the disk is full (writing to {0}): the 1 image classified; {1}; free some space and run again</source>
        <translation>磁盘已满（写入 {0} 时）：这 1 张图像已分类；{1}；请腾出一些空间后重新运行</translation>
    </message>
    <message>
        <source>the disk is full (writing to {0}): all {1} images classified; {2}; free some space and run again</source>
        <translation>磁盘已满（写入 {0} 时）：全部 {1} 张图像已分类；{2}；请腾出一些空间后重新运行</translation>
    </message>
    <message>
        <source>cannot write to {0}: {1}: stopped after {2} of 1 image; {3}</source>
        <translation>无法写入 {0}：{1}：完成 {2} / 1 张图像后停止；{3}</translation>
    </message>
    <message>
        <source>cannot write to {0}: {1}: stopped after {2} of {3} images; {4}</source>
        <translation>无法写入 {0}：{1}：完成 {2} / {3} 张图像后停止；{4}</translation>
    </message>
    <message>
        <source>cannot write to {0}: {1}: the 1 image classified; {2}</source>
        <translation>无法写入 {0}：{1}：这 1 张图像已分类；{2}</translation>
    </message>
    <message>
        <source>cannot write to {0}: {1}: all {2} images classified; {3}</source>
        <translation>无法写入 {0}：{1}：全部 {2} 张图像已分类；{3}</translation>
    </message>
    <message>
        <source>the save folder {0} is a file, not a folder: choose another save folder (File → Choose Save Folder…)</source>
        <translation>保存文件夹 {0} 是一个文件，不是文件夹：请另选一个保存文件夹（文件 → 选择保存文件夹…）</translation>
    </message>
    <message>
        <source>the save folder {0} lies inside {1}, which is a file, not a folder: choose another save folder (File → Choose Save Folder…)</source>
        <translation>保存文件夹 {0} 位于 {1} 之内，而那是一个文件，不是文件夹：请另选一个保存文件夹（文件 → 选择保存文件夹…）</translation>
    </message>
    <message>
        <source>the images to classify are in {0}, an earlier run's outputs that this run would replace: choose another save folder</source>
        <translation>要分类的图像位于 {0} 中，那是之前一次运行的输出，本次运行会将其替换：请另选一个保存文件夹</translation>
    </message>
    <message>
        <source>{0} holds 1 file that no earlier GradLens run wrote (e.g. {1}), and a run saves its {2} there: choose another save folder, or move that folder</source>
        <translation>{0} 中有 1 个不是之前的 GradLens 运行写入的文件（例如 {1}），而运行会把它的 {2} 保存在那里：请另选一个保存文件夹，或移走那个文件夹</translation>
    </message>
    <message>
        <source>{0} holds {1} files that no earlier GradLens run wrote (e.g. {2}), and a run saves its {3} there: choose another save folder, or move that folder</source>
        <translation>{0} 中有 {1} 个不是之前的 GradLens 运行写入的文件（例如 {2}），而运行会把它的 {3} 保存在那里：请另选一个保存文件夹，或移走那个文件夹</translation>
    </message>
    <message>
        <source>{0} was not written by an earlier run, and this run would write its {1} under that name: move it, or choose another save folder</source>
        <translation>{0} 不是之前的运行写入的，而本次运行会以这个名称写入它的 {1}：请移走它，或另选一个保存文件夹</translation>
    </message>
    <message>
        <source>input not found: {0} is a broken link (target {1} does not exist)</source>
        <translation>找不到输入：{0} 是失效的链接（目标 {1} 不存在）</translation>
    </message>
    <message>
        <source>input not found: {0}</source>
        <translation>找不到输入：{0}</translation>
    </message>
    <message>
        <source>the disk is full (writing to {0}); nothing was classified: free some space and run again</source>
        <translation>磁盘已满（写入 {0} 时）；没有分类任何图像：请腾出一些空间后重新运行</translation>
    </message>
    <message>
        <source>cannot write to {0}: {1}; nothing was classified</source>
        <translation>无法写入 {0}：{1}；没有分类任何图像</translation>
    </message>
    <message>
        <source>{0} already exists: export again and choose another name, or choose that file to replace it</source>
        <translation>{0} 已存在：请重新导出并另起一个名称，或选择该文件以替换它</translation>
    </message>
    <message>
        <source>{0} is a folder; name the file to write</source>
        <translation>{0} 是一个文件夹；请为要写入的文件命名</translation>
    </message>
    <message>
        <source>{0} in {1} could not be replaced: it is open in another program (close it there, e.g. in Excel) or you may not change it</source>
        <translation>{1} 中的 {0} 无法替换：它已在其他程序中打开（请在那里关闭它，例如在 Excel 中），或者您无权更改它</translation>
    </message>
    <message>
        <source>cannot export {0} to {1}: {2}</source>
        <translation>无法将 {0} 导出为 {1}：{2}</translation>
    </message>
    <message>
        <source>Permission denied</source>
        <translation>没有访问权限</translation>
    </message>
    <message>
        <source>Read-only file system</source>
        <translation>只读文件系统</translation>
    </message>
    <message>
        <source>results of the 1 finished image are in {0} ({1} of them without an overlay: there was no room)</source>
        <translation>已完成的 1 张图像的结果在 {0} 中（其中 {1} 张没有叠加图：空间不足）</translation>
    </message>
    <message>
        <source>results of the {0} finished images are in {1} ({2} of them without an overlay: there was no room)</source>
        <translation>已完成的 {0} 张图像的结果在 {1} 中（其中 {2} 张没有叠加图：空间不足）</translation>
    </message>
    <message>
        <source>results of the 1 image are in {0} ({1} of them without an overlay: there was no room)</source>
        <translation>这 1 张图像的结果在 {0} 中（其中 {1} 张没有叠加图：空间不足）</translation>
    </message>
    <message>
        <source>results of all {0} images are in {1} ({2} of them without an overlay: there was no room)</source>
        <translation>全部 {0} 张图像的结果在 {1} 中（其中 {2} 张没有叠加图：空间不足）</translation>
    </message>
    <message>
        <source>results of the 1 image are in {0}</source>
        <translation>这 1 张图像的结果在 {0} 中</translation>
    </message>
    <message>
        <source>results of all {0} images are in {1}</source>
        <translation>全部 {0} 张图像的结果在 {1} 中</translation>
    </message>
    <message>
        <source>the results of the 1 finished image are not written; nothing of this run was left in {0}</source>
        <translation>已完成的 1 张图像的结果未写入；本次运行没有在 {0} 中留下任何内容</translation>
    </message>
    <message>
        <source>the results of the {0} finished images are not written; nothing of this run was left in {1}</source>
        <translation>已完成的 {0} 张图像的结果未写入；本次运行没有在 {1} 中留下任何内容</translation>
    </message>
    <message>
        <source>the results of the 1 finished image are not written; the earlier results in {0} are kept unchanged</source>
        <translation>已完成的 1 张图像的结果未写入；{0} 中先前的结果保持不变</translation>
    </message>
    <message>
        <source>the results of the {0} finished images are not written; the earlier results in {1} are kept unchanged</source>
        <translation>已完成的 {0} 张图像的结果未写入；{1} 中先前的结果保持不变</translation>
    </message>
    <message>
        <source>this run's results are kept in {0} instead; the earlier results in {1} are kept unchanged</source>
        <translation>本次运行的结果改为保存在 {0} 中；{1} 中先前的结果保持不变</translation>
    </message>
    <message>
        <source>this run's results are kept in {0} instead</source>
        <translation>本次运行的结果改为保存在 {0} 中</translation>
    </message>
    <message>
        <source>the model was not exported: the disk is full (writing to {0}); free some space and export again</source>
        <translation>模型未导出：磁盘已满（写入 {0} 时）；请腾出一些空间后重新导出</translation>
    </message>
    <message>
        <source>the model was not exported: {0} cannot be written; export again and choose another folder</source>
        <translation>模型未导出：无法写入 {0}；请重新导出并另选一个文件夹</translation>
    </message>
    <message>
        <source>the model was not exported: cannot write to {0} ({1})</source>
        <translation>模型未导出：无法写入 {0}（{1}）</translation>
    </message>
    <message>
        <source>{0} points</source>
        <translation>{0} 个百分点</translation>
    </message>
    <message>
        <source>{0}: removing the 20% it highlights takes {1} of what the class can lose, beyond as many random pixels ({2} points)</source>
        <translation>{0}：移除其高亮的 20% 会带走该类别可损失部分的 {1}，超出移除同样多随机像素的效果（{2} 个百分点）</translation>
    </message>
</context>
<!-- merged from lead/*.tsv -->
<context>
    <name>@default</name>
    <message>
        <source>1 group of identical files appears in more than one split, so evaluation sees training images (e.g. {0})</source>
        <translation>有 1 组相同文件出现在多个划分中，评估时会用到训练图像（例如 {0}）</translation>
    </message>
    <message>
        <source>{0} groups of identical files appear in more than one split, so evaluation sees training images (e.g. {1})</source>
        <translation>有 {0} 组相同文件出现在多个划分中，评估时会用到训练图像（例如 {1}）</translation>
    </message>
    <message>
        <source>unknown class {0} in {1}; available: {2}</source>
        <translation>{1} 中没有类别 {0}；可用的类别：{2}</translation>
    </message>
    <message>
        <source>unknown classes {0} in {1}; available: {2}</source>
        <translation>{1} 中没有类别 {0}；可用的类别：{2}</translation>
    </message>
    <message>
        <source>early stopping: {0} did not improve for 1 epoch</source>
        <translation>早停：{0}已连续 1 轮没有改善</translation>
    </message>
    <message>
        <source>early stopping: {0} did not improve for {1} epochs</source>
        <translation>早停：{0}已连续 {1} 轮没有改善</translation>
    </message>
</context>
</TS>
